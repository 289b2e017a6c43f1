import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@cruddur/test-kit';

const STACK = join(__dirname, '../../../dist/apps/stack/main.js');

interface RunningStack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function stackEnv(): Promise<Record<string, string>> {
  return {
    GATEWAY_PORT: String(await freePort()),
    ACTIVITIES_PORT: String(await freePort()),
    NOTIFICATIONS_PORT: String(await freePort()),
    XRAY_DAEMON_PORT: String(await freePort()),
    XRAY_DAEMON_OTLP_PORT: String(await freePort()),
    XRAY_DAEMON_DATA_DIR: mkdtempSync(join(tmpdir(), 'stack-e2e-')),
  };
}

/** `npm start`; `ownGroup` runs it in a process group of its own, as a shell runs a foreground job. */
function runStack(env: Record<string, string>, ownGroup = false): RunningStack {
  const child = spawn(process.execPath, [STACK], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: ownGroup,
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Pids of the direct children of `pid` (the services the runner started). */
function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start (apps/stack)', () => {
  it('brings up daemon and services behind a banner, serves traffic, and Ctrl-C leaves nothing behind', async () => {
    const env = await stackEnv();
    const stack = runStack(env);
    try {
      await waitFor(() => stack.output().includes('Cruddur is up'), 45_000);
      expect(stack.output()).toMatch(/\[gateway\]\s+.*listening on http/);
      expect(stack.output()).toMatch(/\[xray-daemon\]/);
      const services = childPids(stack.child.pid as number);
      expect(services).toHaveLength(4);
      const res = await fetch(`http://127.0.0.1:${env.GATEWAY_PORT}/api/health`);
      expect(res.status).toBe(200);

      stack.child.kill('SIGINT');
      expect(await stack.exited).toBe(0);
      expect(services.filter(alive)).toEqual([]);
      for (const port of [
        env.GATEWAY_PORT,
        env.ACTIVITIES_PORT,
        env.NOTIFICATIONS_PORT,
        env.XRAY_DAEMON_PORT,
        env.XRAY_DAEMON_OTLP_PORT,
      ]) {
        await new Promise<void>((resolve, reject) => {
          const probe: Server = createServer();
          probe.once('error', reject);
          probe.listen(Number(port), '127.0.0.1', () => probe.close(() => resolve()));
        });
      }
    } finally {
      if (stack.child.exitCode === null) stack.child.kill('SIGKILL');
      rmSync(env.XRAY_DAEMON_DATA_DIR, { recursive: true, force: true });
    }
  });

  it('Ctrl-C in a terminal (SIGINT to the whole process group) stops the services first: their last OTLP flush reaches the daemon', async () => {
    // The services export over OTLP and hold their spans until they shut down (a 10-minute batch
    // delay): what the daemon stores came in the services' shutdown flush.
    const env: Record<string, string> = {
      ...(await stackEnv()),
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    };
    const stack = runStack(env, true);
    const group = stack.child.pid as number;
    let children: number[] = [];
    try {
      await waitFor(() => stack.output().includes('Cruddur is up'), 45_000);
      children = childPids(group);
      const roots: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`http://127.0.0.1:${env.GATEWAY_PORT}/api/activities/home`);
        expect(res.status).toBe(200);
        const header = res.headers.get('x-amzn-trace-id') ?? '';
        if (header.endsWith('Sampled=1')) roots.push(/^Root=([^;]+)/.exec(header)?.[1] ?? '');
      }
      // The sampling rule's reservoir takes the first requests of each second.
      expect(roots.length).toBeGreaterThan(0);

      process.kill(-group, 'SIGINT');
      expect(await stack.exited).toBe(0);
      expect(stack.output()).not.toContain('OTLP exporter dropped');
      const log = readFileSync(join(env.XRAY_DAEMON_DATA_DIR, 'segments.log'), 'utf8');
      const stored = log
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { trace_id?: string; name?: string });
      for (const root of roots)
        expect(stored.filter((d) => d.trace_id === root).map((d) => d.name)).toEqual(
          expect.arrayContaining(['gateway', 'activities']),
        );
    } finally {
      // The daemon runs in a group of its own: each process is killed by its pid.
      for (const pid of [group, ...children].filter(alive)) process.kill(pid, 'SIGKILL');
      rmSync(env.XRAY_DAEMON_DATA_DIR, { recursive: true, force: true });
    }
  });

  it('names a busy port and the setting that moves it, and starts nothing', async () => {
    const env = await stackEnv();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(Number(env.ACTIVITIES_PORT), '127.0.0.1', resolve));
    try {
      const stack = runStack(env);
      expect(await stack.exited).toBe(1);
      expect(stack.output()).toContain(`activities: TCP port ${env.ACTIVITIES_PORT} is already in use`);
      expect(stack.output()).toContain('ACTIVITIES_PORT=');
      expect(stack.output()).not.toContain('Cruddur is up');
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
      rmSync(env.XRAY_DAEMON_DATA_DIR, { recursive: true, force: true });
    }
  });
});
