import { createSocket } from 'node:dgram';
import { portProblems, tcpPortProblem, udpPortProblem } from './port-check';
import type { ServiceSpec } from './service-spec';
import { holdTcpPort, unusedPort } from './spec-support';

function spec(name: string, port: number, udp = false): ServiceSpec {
  return {
    name,
    script: 'unused.js',
    host: '127.0.0.1',
    port,
    portEnv: `${name.toUpperCase()}_PORT`,
    udp,
    env: {},
    url: '',
  };
}

describe('port checks', () => {
  it('reports a held TCP port by service name, with the env var that moves it', async () => {
    const held = await holdTcpPort();
    try {
      expect(await tcpPortProblem('127.0.0.1', held.port)).toBe('EADDRINUSE');
      expect(await portProblems([spec('activities', held.port)])).toEqual([
        `activities: TCP port ${held.port} is already in use. Stop what holds it (lsof -i :${held.port}) or run with ACTIVITIES_PORT=<free port>.`,
      ]);
    } finally {
      await held.close();
    }
  });

  it('reports a held extra TCP port (the OTLP port of the daemon) with its own env var', async () => {
    const held = await holdTcpPort();
    try {
      const daemon = {
        ...spec('xray-daemon', await unusedPort(), true),
        extraTcpPorts: [{ port: held.port, portEnv: 'XRAY_DAEMON_OTLP_PORT' }],
      };
      expect(await portProblems([daemon])).toEqual([
        `xray-daemon: TCP port ${held.port} is already in use. Stop what holds it (lsof -i :${held.port}) or run with XRAY_DAEMON_OTLP_PORT=<free port>.`,
      ]);
    } finally {
      await held.close();
    }
  });

  it('reports nothing for free ports, and leaves them free', async () => {
    const port = await unusedPort();
    expect(await portProblems([spec('gateway', port, true)])).toEqual([]);
    // The check's own server and socket are closed: the port can be taken right away.
    await (await holdTcpPort(port)).close();
  });

  it('reports a held UDP port of a service that also listens on UDP', async () => {
    const port = await unusedPort();
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
    try {
      expect(await udpPortProblem('127.0.0.1', port)).toBe('EADDRINUSE');
      expect(await portProblems([spec('xray', port, true)])).toEqual([
        `xray: UDP port ${port} is already in use. Stop what holds it (lsof -i :${port}) or run with XRAY_PORT=<free port>.`,
      ]);
      expect(await portProblems([spec('tcp-only', port, false)])).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => socket.close(resolve));
    }
  });

  it('names an address that cannot be bound with its code', async () => {
    const problems = await portProblems([{ ...spec('gateway', 4567), host: '203.0.113.9' }]);
    expect(problems).toEqual([
      'gateway: cannot listen on 203.0.113.9:4567 (EADDRNOTAVAIL). Set GATEWAY_PORT to another port.',
    ]);
  });

  it('lists every problem, one per service', async () => {
    const [a, b] = [await holdTcpPort(), await holdTcpPort()];
    try {
      const problems = await portProblems([
        spec('notifications', a.port),
        spec('activities', await unusedPort()),
        spec('gateway', b.port),
      ]);
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/^notifications: /);
      expect(problems[1]).toMatch(/^gateway: /);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
