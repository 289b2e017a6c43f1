/**
 * The daemon address in both forms the X-Ray SDK accepts:
 * `host:port` (UDP and TCP) or `udp:host:port tcp:host:port` (either order).
 */
export interface DaemonAddress {
  udp: { host: string; port: number };
  tcp: { host: string; port: number };
}

// A host name or IPv4 address: the SDK splits the address on ':' and sends over a udp4
// socket, so a bracketed IPv6 address would silently point it at host "[".
const HOST_PORT = /^([A-Za-z0-9.\-_]+):(\d{1,5})$/;

function hostPort(text: string): { host: string; port: number } | undefined {
  const match = HOST_PORT.exec(text);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: match[1], port };
}

/** Parses an address; throws an Error naming the accepted forms when it is not one. */
export function parseDaemonAddress(value: string): DaemonAddress {
  const text = value.trim();
  const parts = text.split(/\s+/);
  if (parts.length === 1) {
    const both = hostPort(parts[0]);
    if (both) return { udp: both, tcp: both };
  } else if (parts.length === 2) {
    const found: Partial<DaemonAddress> = {};
    for (const part of parts) {
      const kind = part.slice(0, 4);
      const address = hostPort(part.slice(4));
      if ((kind === 'udp:' || kind === 'tcp:') && address && !found[kind === 'udp:' ? 'udp' : 'tcp']) {
        found[kind === 'udp:' ? 'udp' : 'tcp'] = address;
      }
    }
    if (found.udp && found.tcp) return { udp: found.udp, tcp: found.tcp };
  }
  throw new Error(
    `invalid X-Ray daemon address ${JSON.stringify(value)}: use "host:port" or "udp:host:port tcp:host:port"`,
  );
}

export function formatDaemonAddress(address: DaemonAddress): string {
  const same = address.udp.host === address.tcp.host && address.udp.port === address.tcp.port;
  return same
    ? `${address.udp.host}:${address.udp.port}`
    : `udp:${address.udp.host}:${address.udp.port} tcp:${address.tcp.host}:${address.tcp.port}`;
}
