import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { DAEMON_SCRIPT, freePort } from '@cruddur/test-kit';

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the daemon with `args` until it exits, or sends SIGTERM once `until` shows in stdout. */
function run(args: string[], until?: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DAEMON_SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Once: a second signal during shutdown means "quit now" and kills the daemon outright.
      if (until !== undefined && !signalled && stdout.includes(until)) signalled = child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('xray-daemon command line', () => {
  it('prints help and exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--bind-tcp HOST:PORT/);
  });

  it.each([[['--nope']], [['-b', 'localhost']], [['--max-traces', '0']], [['extra']]])(
    'refuses %j with one line and exit 2',
    async (args) => {
      const { code, stderr } = await run(args);
      expect({ code, stderr }).toEqual({ code: 2, stderr: expect.any(String) });
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^xray-daemon: .* \(see --help\)/);
    },
  );

  it('says in one line that the port is taken and exits 1', async () => {
    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const { code, stderr } = await run([
        '-b',
        `127.0.0.1:${await freePort()}`,
        '-t',
        `127.0.0.1:${port}`,
        '--otlp',
        'off',
      ]);
      expect({ code, stderr }).toEqual({ code: 1, stderr: expect.any(String) });
      expect(stderr.trim().split('\n')).toEqual([expect.stringContaining(`port 127.0.0.1:${port} is already in use`)]);
    } finally {
      holder.close();
    }
  });

  it('names a bad sampling rules file and exits 1', async () => {
    const port = await freePort();
    const { code, stderr } = await run([
      '-b',
      `127.0.0.1:${port}`,
      '-t',
      `127.0.0.1:${port}`,
      '--otlp',
      'off',
      '--sampling-rules',
      '/no/such/file.json',
    ]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('xray-daemon: --sampling-rules /no/such/file.json: ENOENT');
  });

  it('says in one line that the OTLP port is taken and exits 1', async () => {
    const port = await freePort();
    const otlpPort = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(otlpPort, '127.0.0.1', resolve));
    try {
      const { code, stderr } = await run([
        '-b',
        `127.0.0.1:${port}`,
        '-t',
        `127.0.0.1:${port}`,
        '--otlp',
        `127.0.0.1:${otlpPort}`,
      ]);
      expect({ code, stderr }).toEqual({ code: 1, stderr: expect.any(String) });
      expect(stderr.trim().split('\n')).toEqual([
        expect.stringContaining(`port 127.0.0.1:${otlpPort} is already in use`),
      ]);
    } finally {
      holder.close();
    }
  });

  it('logs what it binds and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const otlpPort = await freePort();
    const { code, stdout, stderr } = await run(
      [
        '--bind',
        `127.0.0.1:${port}`,
        '--bind-tcp',
        `127.0.0.1:${port}`,
        '--otlp',
        `127.0.0.1:${otlpPort}`,
        '--max-age',
        '60',
      ],
      'keeping up to',
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    // The grant depends on the machine's net.core.rmem_max; the cap and its remedy are named when it bit.
    expect(stdout).toMatch(
      new RegExp(
        `UDP 127\\.0\\.0\\.1:${port}, receive buffer [\\d.]+ MB( of the 32 MB asked \\(net\\.core\\.rmem_max caps it.*\\))?\\n`,
      ),
    );
    expect(stdout).toMatch(/loopback only/);
    expect(stdout).toContain(`OTLP/HTTP http://127.0.0.1:${otlpPort}/v1/traces`);
    expect(stdout).toMatch(/SIGTERM: flushing/);
  });
});
