import { readFileSync } from 'node:fs';

/** The kernel's UDP counters (system-wide) from /proc/net/snmp. */
export interface UdpSnmp {
  InDatagrams: number;
  InErrors: number;
  RcvbufErrors: number;
}

export function udpSnmp(): UdpSnmp {
  const lines = readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const names = lines[0].split(/\s+/).slice(1);
  const values = lines[1].split(/\s+/).slice(1).map(Number);
  const field = (name: string) => values[names.indexOf(name)] ?? 0;
  return { InDatagrams: field('InDatagrams'), InErrors: field('InErrors'), RcvbufErrors: field('RcvbufErrors') };
}

/**
 * Datagrams the kernel dropped for the UDP socket bound to `port` (the `drops` column of
 * /proc/net/udp and udp6): unlike RcvbufErrors, this is ours alone, whatever else runs here.
 */
export function udpSocketDrops(port: number): number {
  const portHex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let drops = 0;
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 12 && cols[1].endsWith(portHex)) drops += Number(cols[cols.length - 1]);
    }
  }
  return drops;
}

/** Listening TCP sockets on `port`: their local addresses (e.g. 127.0.0.1), from /proc/net/tcp. */
export function tcpListenAddresses(port: number): string[] {
  const portHex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const out: string[] = [];
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length > 3 && cols[1].endsWith(portHex) && cols[3] === '0A') out.push(hexToIpv4(cols[1].split(':')[0]));
  }
  return out;
}

/** Bound UDP sockets on `port`: their local addresses, from /proc/net/udp. */
export function udpBoundAddresses(port: number): string[] {
  const portHex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length > 3 && cols[1].endsWith(portHex))
    .map((cols) => hexToIpv4(cols[1].split(':')[0]));
}

function hexToIpv4(hex: string): string {
  // Little-endian on x86/arm64 Linux.
  return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
}

/** Resident set size of a process in KB (VmRSS from /proc/<pid>/status). */
export function rssKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}
