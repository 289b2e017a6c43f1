import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { ServiceSpec } from './service-spec';

/** Resolves to an error code ('EADDRINUSE', ...) when the TCP port cannot be bound, else undefined. */
export function tcpPortProblem(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'EUNKNOWN'));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** Same for a UDP port. */
export function udpPortProblem(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close();
      resolve(error.code ?? 'EUNKNOWN');
    });
    socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(undefined)));
  });
}

function describe(
  name: string,
  host: string,
  proto: 'TCP' | 'UDP',
  port: number,
  portEnv: string,
  code: string,
): string {
  return code === 'EADDRINUSE'
    ? `${name}: ${proto} port ${port} is already in use. Stop what holds it (lsof -i :${port}) or run with ${portEnv}=<free port>.`
    : `${name}: cannot listen on ${host}:${port} (${code}). Set ${portEnv} to another port.`;
}

/** Every port the stack needs that is taken, said by name with the fix. */
export async function portProblems(specs: ServiceSpec[]): Promise<string[]> {
  const problems: string[] = [];
  for (const spec of specs) {
    const tcp = await tcpPortProblem(spec.host, spec.port);
    const udp = spec.udp ? await udpPortProblem(spec.host, spec.port) : undefined;
    const code = tcp ?? udp;
    if (code) problems.push(describe(spec.name, spec.host, tcp ? 'TCP' : 'UDP', spec.port, spec.portEnv, code));
    for (const extra of spec.extraTcpPorts ?? []) {
      const extraCode = await tcpPortProblem(spec.host, extra.port);
      if (extraCode) problems.push(describe(spec.name, spec.host, 'TCP', extra.port, extra.portEnv, extraCode));
    }
  }
  return problems;
}
