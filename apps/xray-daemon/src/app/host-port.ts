import { isIP } from 'node:net';

/** A `host:port` address; IPv6 hosts are written in brackets (`[::1]:2000`). */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Parses `host:port` (`[v6]:port` for IPv6, 0 for any free port); undefined if malformed. */
export function parseHostPort(text: string): HostPort | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.\-_]+)):(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const host = match[1] ?? match[2];
  const port = Number(match[3]);
  if (port > 65535 || (match[1] !== undefined && isIP(host) !== 6)) return undefined;
  return { host, port };
}

export function formatHostPort({ host, port }: HostPort): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Loopback addresses and names: only this machine can reach a socket bound to one. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
