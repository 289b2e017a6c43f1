import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceSpec } from './service-spec';
import { holdTcpPort, unusedPort } from './spec-support';
import { StackRunner } from './stack-runner';

/** Throwaway services: each prints its pid first so the test can check it is gone afterwards. */
const SCRIPTS = {
  listener: `console.log('pid ' + process.pid);
require('node:net').createServer().listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));`,
  crasher: `console.log('pid ' + process.pid);
console.error('bad config');
process.exit(1);`,
  // Ignores SIGTERM: only the SIGKILL after stopTimeoutMs ends it.
  stubborn: `console.log('pid ' + process.pid);
process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
require('node:net').createServer().listen(Number(process.env.PORT), '127.0.0.1');`,
  // Stands for the trace daemon: prints what it receives, and when it was told to stop. It then keeps
  // reading for a second: on a busy machine a flush sent just before the signal may still wait in its
  // accept queue (the test checks the order by the times printed, not by what arrived).
  sink: `console.log('pid ' + process.pid);
require('node:net')
  .createServer((socket) => socket.on('data', (data) => console.log('received ' + data)))
  .listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  console.log('stopping at ' + Date.now());
  setTimeout(() => process.exit(0), 1000);
});`,
  // Stands for a service: on SIGTERM it sends its last traces to the sink, then exits.
  flusher: `console.log('pid ' + process.pid);
require('node:net').createServer().listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  const socket = require('node:net').connect(Number(process.env.SINK_PORT), '127.0.0.1');
  socket.on('error', (error) => { console.log('flush refused: ' + error.message); process.exit(1); });
  socket.end('last flush from ' + process.env.NAME, () => {
    console.log('exiting at ' + Date.now());
    process.exit(0);
  });
});`,
};

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stack-runner-spec-'));
  for (const [name, source] of Object.entries(SCRIPTS)) writeFileSync(join(dir, `${name}.js`), source);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The process group a process belongs to (/proc/<pid>/stat, the field after the state). */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

async function service(name: string, script: keyof typeof SCRIPTS, port?: number): Promise<ServiceSpec> {
  const p = port ?? (await unusedPort());
  return {
    name,
    script: join(dir, `${script}.js`),
    host: '127.0.0.1',
    port: p,
    portEnv: `${name.toUpperCase()}_PORT`,
    env: { PORT: String(p) },
    url: '',
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A runner whose output is collected; every runner made here is stopped after its test. */
const runners: StackRunner[] = [];
function runner(
  specs: ServiceSpec[],
  readinessTimeoutMs = 5000,
  stopTimeoutMs = 300,
): { runner: StackRunner; output: () => string; pids: () => number[] } {
  let text = '';
  const r = new StackRunner(specs, { readinessTimeoutMs, stopTimeoutMs, out: (t) => (text += t), colour: false });
  runners.push(r);
  return {
    runner: r,
    output: () => text,
    pids: () => [...text.matchAll(/ pid (\d+)$/gm)].map((m) => Number(m[1])),
  };
}

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

/** Waits until `predicate` holds, polling; the output arrives asynchronously from the children. */
async function eventually(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('StackRunner', () => {
  it('starts every service in order, resolves once they accept connections, and prefixes their logs', async () => {
    const {
      runner: r,
      output,
      pids,
    } = runner([await service('first', 'listener'), await service('second-one', 'listener')]);
    await r.start();
    expect(r.running()).toEqual(['first', 'second-one']);
    await eventually(() => pids().length === 2);
    expect(output()).toMatch(/^\[first\] {6}pid \d+$/m);
    expect(output()).toMatch(/^\[second-one\] pid \d+$/m);
  });

  it('stop() terminates every child and waits until they are gone', async () => {
    const { runner: r, pids } = runner([await service('a', 'listener'), await service('b', 'listener')]);
    await r.start();
    await eventually(() => pids().length === 2);
    expect(pids().every(isAlive)).toBe(true);

    await r.stop();
    expect(pids().some(isAlive)).toBe(false);
    expect(r.running()).toEqual([]);
    await expect(r.stop()).resolves.toBeUndefined();
  });

  it('stops a stopsLast child only once the others have exited, so their last words on SIGTERM reach it', async () => {
    const sink = { ...(await service('sink', 'sink')), stopsLast: true };
    const flusher = async (name: string) => {
      const spec = await service(name, 'flusher');
      return { ...spec, env: { ...spec.env, SINK_PORT: String(sink.port), NAME: name } };
    };
    const { runner: r, output, pids } = runner([sink, await flusher('a'), await flusher('b')], 5000, 3000);
    await r.start();
    await eventually(() => pids().length === 3);
    await r.stop();
    const at = (name: string, what: string) =>
      Number(new RegExp(`^\\[${name}\\] +${what} at (\\d+)$`, 'm').exec(output())?.[1]);
    // Told to stop only once both services had sent their flush and exited.
    expect(at('sink', 'stopping')).toBeGreaterThanOrEqual(Math.max(at('a', 'exiting'), at('b', 'exiting')));
    expect(output()).toContain('[sink] received last flush from a');
    expect(output()).toContain('[sink] received last flush from b');
    expect(output()).not.toContain('flush refused');
    expect(pids().some(isAlive)).toBe(false);
  });

  it("runs a stopsLast child in a process group of its own (out of the terminal's Ctrl-C), the others in ours", async () => {
    const {
      runner: r,
      output,
      pids,
    } = runner([{ ...(await service('daemon', 'listener')), stopsLast: true }, await service('service', 'listener')]);
    await r.start();
    await eventually(() => pids().length === 2);
    const pidOf = (name: string) => Number(new RegExp(`^\\[${name}\\] +pid (\\d+)$`, 'm').exec(output())?.[1]);
    const [daemon, other] = [pidOf('daemon'), pidOf('service')];
    expect(processGroup(daemon)).toBe(daemon);
    expect(processGroup(other)).toBe(processGroup(process.pid));
  });

  it('kills a child that ignores SIGTERM once stopTimeoutMs has passed', async () => {
    const { runner: r, output, pids } = runner([await service('stubborn', 'stubborn')]);
    await r.start();
    await eventually(() => pids().length === 1);
    await r.stop();
    expect(isAlive(pids()[0])).toBe(false);
    expect(output()).toContain('ignoring SIGTERM');
  });

  it('rejects with a readable message when a child exits during start-up, and stops those already up', async () => {
    const { runner: r, output, pids } = runner([await service('ok', 'listener'), await service('broken', 'crasher')]);
    await expect(r.start()).rejects.toThrow('broken exited during start-up (code 1); its log is above.');
    expect(output()).toContain('[broken] bad config');
    expect(r.running()).toEqual([]);
    expect(pids()).toHaveLength(2);
    expect(pids().some(isAlive)).toBe(false);
  });

  it('rejects when a service does not listen within the readiness timeout', async () => {
    const port = await unusedPort();
    // Listens on another port than the one the runner waits for.
    const spec = { ...(await service('lost', 'listener')), port };
    const { runner: r, pids } = runner([spec], 400);
    await expect(r.start()).rejects.toThrow(`lost did not accept connections on 127.0.0.1:${port} within 400 ms.`);
    expect(pids().some(isAlive)).toBe(false);
  });

  it('refuses a port already in use before starting anything', async () => {
    const held = await holdTcpPort();
    try {
      const { runner: r, output } = runner([
        await service('first', 'listener'),
        await service('gateway', 'listener', held.port),
      ]);
      await expect(r.start()).rejects.toThrow(`gateway: TCP port ${held.port} is already in use`);
      expect(r.running()).toEqual([]);
      expect(output()).toBe('');
    } finally {
      await held.close();
    }
  });

  it('starts nothing when stopped while it checks the ports', async () => {
    const { runner: r, output } = runner([await service('late', 'listener')]);
    const started = r.start();
    await r.stop();
    await expect(started).rejects.toThrow('Stopped during start-up.');
    expect(r.running()).toEqual([]);
    expect(output()).toBe('');
  });

  it('says it was stopped, not that a service failed, when stopped while waiting for one', async () => {
    const waiting = { ...(await service('slow', 'listener')), port: await unusedPort() };
    const { runner: r, pids } = runner([waiting]);
    const started = r.start();
    await eventually(() => pids().length === 1);
    await r.stop();
    await expect(started).rejects.toThrow('Stopped during start-up.');
    expect(isAlive(pids()[0])).toBe(false);
  });
});
