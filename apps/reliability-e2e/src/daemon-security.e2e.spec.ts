import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAEMON_SCRIPT, DaemonUnderTest, retryUntil } from '@cruddur/test-kit';
import { recordFigures } from './support/figures';
import { type HttpAnswer, rawRequest } from './support/http';
import { tcpListenAddresses, udpBoundAddresses } from './support/proc-stats';

/** Issue #8.6: what the daemon exposes, and to whom. */
const CANARY_OUTSIDE = 'CANARY-OUTSIDE-THE-UI-DIR-7f3a';
const CANARY_DOTFILE = 'CANARY-DOTFILE-91c2';
const INDEX = '<!doctype html><title>viewer under test</title>';

let root: string;
let daemon: DaemonUnderTest;
let defaultBind = '';

beforeAll(async () => {
  // A viewer build of our own, with secrets beside it and a dotfile inside it: traversal has something to find.
  root = mkdtempSync(join(tmpdir(), 'reliability-ui-'));
  mkdirSync(join(root, 'ui/assets'), { recursive: true });
  writeFileSync(join(root, 'ui/index.html'), INDEX);
  writeFileSync(join(root, 'ui/assets/app.js'), 'console.log("viewer");');
  writeFileSync(join(root, 'ui/.env'), CANARY_DOTFILE);
  writeFileSync(join(root, 'secret.txt'), CANARY_OUTSIDE);
  daemon = await DaemonUnderTest.start({ XRAY_DAEMON_UI_DIR: join(root, 'ui') });
});
afterAll(async () => {
  await daemon?.stop();
  rmSync(root, { recursive: true, force: true });
});

const request = (method: string, path: string, headers: Record<string, string>, body = '') =>
  rawRequest(
    daemon.port,
    `${method} ${path} HTTP/1.1\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}${body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : ''}Connection: close\r\n\r\n`,
    body,
  );

const corsHeaders = (answer: HttpAnswer) =>
  Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'));

describe('binding', () => {
  it('binds loopback when told to, and says so in its start-up log', async () => {
    expect(tcpListenAddresses(daemon.port)).toEqual(['127.0.0.1']);
    expect(udpBoundAddresses(daemon.port)).toEqual(['127.0.0.1']);
    // The harness starts testing once the port answers; on a loaded machine the log line can reach us just after.
    await retryUntil(
      async () => expect(daemon.logs()).toContain(`API: http://127.0.0.1:${daemon.port} (loopback only`),
      5_000,
    );
  });

  // Another process may hold a default port while this runs (the compose stack publishes 2000 and 4318 on the
  // host's loopback when its e2e runs alongside): then the daemon must refuse, naming the address it tried.
  it('binds 127.0.0.1:2000 (segments, API) and 127.0.0.1:4318 (OTLP) by default, or names the default it found busy', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('XRAY_DAEMON_')));
    const child = spawn(process.execPath, [DAEMON_SCRIPT], {
      env: { ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 15_000;
    while (
      !/OTLP\/HTTP http:|EADDRINUSE|in use|exit|failed/i.test(output) &&
      child.exitCode === null &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 20));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    const started =
      output.includes('API: http://127.0.0.1:2000 (loopback only') &&
      output.includes('OTLP/HTTP http://127.0.0.1:4318/v1/traces (protobuf or JSON)\n');
    const busyAddress = /in use|EADDRINUSE/i.test(output) ? /127\.0\.0\.1:(2000|4318)\b/.exec(output)?.[0] : undefined;
    expect({ started, busyAddress, output: started || busyAddress ? '' : output }).toEqual(
      expect.objectContaining({ output: '' }),
    );
    expect(output).not.toMatch(/0\.0\.0\.0|WARNING: reachable/);
    defaultBind = started
      ? 'started on 127.0.0.1:2000 and 127.0.0.1:4318 (loopback only)'
      : `${busyAddress} busy: refused to start, naming it`;
  });
});

describe('DNS rebinding and CORS', () => {
  const FOREIGN_HOSTS = [
    'evil.example',
    `evil.example:${0}`,
    'localhost.evil.example',
    '127.0.0.1.nip.io',
    'localhost@evil.example',
    'localhost:2000.evil.example',
    '[::1].evil.example',
    '0.0.0.0',
    '10.0.0.1',
    '',
  ];
  const REQUESTS: [string, string, string][] = [
    ['GET', '/', ''],
    ['GET', '/index.html', ''],
    ['GET', '/healthz', ''],
    ['GET', '/api/counters', ''],
    ['POST', '/TraceSummaries', '{}'],
    ['POST', '/CreateGroup', '{"GroupName":"rebound","FilterExpression":"ok"}'],
    ['OPTIONS', '/TraceSummaries', ''],
  ];

  it('refuses a foreign Host header with 403 on every surface, and never sends CORS headers', async () => {
    const seen: string[] = [];
    for (const host of FOREIGN_HOSTS.map((h) => h.replace(':0', `:${daemon.port}`))) {
      for (const [method, path, body] of REQUESTS) {
        const answer = await request(
          method,
          path,
          {
            Host: host,
            Origin: 'http://evil.example',
            'Access-Control-Request-Method': 'POST',
            'Content-Type': 'application/json',
          },
          body,
        );
        if (answer.status !== 403 || corsHeaders(answer).length > 0)
          seen.push(`${method} ${path} Host=${JSON.stringify(host)} -> ${answer.status} ${corsHeaders(answer)}`);
      }
    }
    // No Host header at all (HTTP/1.0).
    const bare = await rawRequest(daemon.port, 'GET /api/counters HTTP/1.0\r\n\r\n');
    if (bare.status !== 403) seen.push(`no Host -> ${bare.status}`);
    expect(seen).toEqual([]);
    const groups = await request('POST', '/Groups', { Host: 'localhost', 'Content-Type': 'application/json' }, '{}');
    expect(groups.body).not.toContain('rebound');
  });

  it('serves local clients, still without permissive CORS headers (preflight included)', async () => {
    for (const host of ['localhost', `localhost:${daemon.port}`, `127.0.0.1:${daemon.port}`, '[::1]']) {
      const ok = await request('GET', '/healthz', { Host: host, Origin: 'http://evil.example' });
      expect(ok.status).toBe(200);
      expect(corsHeaders(ok)).toEqual([]);
    }
    const preflight = await request('OPTIONS', '/TraceSummaries', {
      Host: 'localhost',
      Origin: 'http://evil.example',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type',
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    expect(corsHeaders(preflight)).toEqual([]);
    const api = await request(
      'POST',
      '/Groups',
      { Host: 'localhost', Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      '{}',
    );
    expect(api.status).toBe(200);
    expect(corsHeaders(api)).toEqual([]);
  });
});

describe('static files', () => {
  const TRAVERSALS = [
    '/../secret.txt',
    '/../../../../../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/..%2fsecret.txt',
    '/..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/%2e%2e%2fsecret.txt',
    '/assets/../../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%252e%252e/secret.txt',
    '/..\\secret.txt',
    '/..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/etc/passwd',
    `/${encodeURIComponent(join(__dirname, '../../../package.json'))}`,
    '/....//....//secret.txt',
    '/.../secret.txt',
    '/index.html%00.js',
    '/index.html%00',
    '/%00',
    '/.env',
    '/%2eenv',
    '/assets/.%2e/.%2e/secret.txt',
    '/..;/secret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '/%e0%80%ae%e0%80%ae/secret.txt',
    '/assets/app.js/..%2f..%2f..%2fsecret.txt',
    '/C:%5cWindows%5cwin.ini',
    '/file:///etc/passwd',
    '/~/.bashrc',
    '/node_modules/.package-lock.json',
    '/../../../package.json',
    '/../main.js',
  ];
  const ABSOLUTE_FORMS = [
    'http://localhost/../secret.txt',
    'http://localhost/%2e%2e/secret.txt',
    'file:///etc/passwd',
    '*',
    '../secret.txt',
    'secret.txt',
  ];

  it('serves the viewer (the positive control)', async () => {
    const index = await request('GET', '/', { Host: 'localhost' });
    expect(index.status).toBe(200);
    expect(index.body).toBe(INDEX);
    expect((await request('GET', '/assets/app.js', { Host: 'localhost' })).status).toBe(200);
  });

  it.each([
    ...TRAVERSALS.map((p) => ['GET', p]),
    ...TRAVERSALS.slice(0, 6).map((p) => ['HEAD', p]),
    ...ABSOLUTE_FORMS.map((p) => ['GET', p]),
  ])('%s %s is a 4xx that leaks nothing', async (method, path) => {
    const answer = await request(method, path, { Host: 'localhost' });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    for (const leak of [
      CANARY_OUTSIDE,
      CANARY_DOTFILE,
      'root:x:0:0',
      '"name": "cruddur-tracing"',
      'webpackBootstrap',
      '__webpack_require__',
    ])
      expect(answer.raw).not.toContain(leak);
  });

  afterAll(() => {
    recordFigures('daemon-security', {
      traversalPaths: TRAVERSALS.length + ABSOLUTE_FORMS.length,
      foreignHosts: 10,
      surfaces: 7,
      logLine: /API: .*/.exec(daemon.logs())?.[0],
      defaultBind,
    });
  });
});
