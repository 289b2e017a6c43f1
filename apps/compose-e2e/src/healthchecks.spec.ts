import { execFile } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { freePort } from '@cruddur/test-kit';
import { composeConfig, DAEMON_SERVICE, healthcheckTest, type ComposeService } from './compose-files';

/** Runs a `["CMD", "node", "-e", script]` healthcheck here, the way Docker would; resolves to its exit status. */
function runHealthcheck(test: string[], env: Record<string, string>): Promise<number> {
  const [, command, ...args] = test;
  return new Promise((resolve) => {
    execFile(command === 'node' ? process.execPath : command, args, { env: { ...env }, timeout: 10_000 }, (error) => {
      resolve(error === null ? 0 : typeof error.code === 'number' ? error.code : -1);
    });
  });
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function httpServer(statusFor: (path: string) => number): Server {
  return createHttpServer((request, response) => {
    response.statusCode = statusFor(request.url ?? '');
    response.end('{}');
  });
}

/** The daemon's healthcheck names its port (the daemon reads no PORT): point it at a test port. */
function daemonCheckOn(service: ComposeService, port: number): string[] {
  const test = healthcheckTest(service);
  const script = test[3];
  expect(script.match(/port: 2000\b/g)).toHaveLength(1);
  return [...test.slice(0, 3), script.replace(/port: 2000\b/, `port: ${port}`)];
}

describe('the healthchecks, run against stand-ins for the services', () => {
  let services: Record<string, ComposeService>;
  const closers: (() => void)[] = [];
  beforeAll(() => {
    services = composeConfig('local').services;
  });
  afterEach(() => {
    while (closers.length) closers.pop()?.();
  });

  it('gateway: healthy only when GET /api/health/live on $PORT answers 200', async () => {
    const test = healthcheckTest(services.gateway);
    const live = httpServer((path) => (path === '/api/health/live' ? 200 : 404));
    const sick = httpServer(() => 503);
    closers.push(
      () => live.close(),
      () => sick.close(),
    );
    const [livePort, sickPort, closedPort] = [await listen(live), await listen(sick), await freePort()];
    expect(await runHealthcheck(test, { PORT: String(livePort) })).toBe(0);
    expect(await runHealthcheck(test, { PORT: String(sickPort) })).not.toBe(0);
    expect(await runHealthcheck(test, { PORT: String(closedPort) })).not.toBe(0);
  });

  it.each(['activities', 'notifications'])('%s: healthy when $PORT accepts a TCP connection', async (name) => {
    const test = healthcheckTest(services[name]);
    const server = createTcpServer((socket) => socket.destroy());
    closers.push(() => server.close());
    const [openPort, closedPort] = [await listen(server), await freePort()];
    expect(await runHealthcheck(test, { PORT: String(openPort) })).toBe(0);
    expect(await runHealthcheck(test, { PORT: String(closedPort) })).not.toBe(0);
  });

  it('xray-daemon: healthy only when GET /healthz answers 200', async () => {
    const live = httpServer((path) => (path === '/healthz' ? 200 : 404));
    const wrongPath = httpServer((path) => (path === '/healthz' ? 404 : 200));
    closers.push(
      () => live.close(),
      () => wrongPath.close(),
    );
    const [livePort, wrongPort, closedPort] = [await listen(live), await listen(wrongPath), await freePort()];
    expect(await runHealthcheck(daemonCheckOn(services[DAEMON_SERVICE], livePort), {})).toBe(0);
    expect(await runHealthcheck(daemonCheckOn(services[DAEMON_SERVICE], wrongPort), {})).not.toBe(0);
    expect(await runHealthcheck(daemonCheckOn(services[DAEMON_SERVICE], closedPort), {})).not.toBe(0);
  });
});
