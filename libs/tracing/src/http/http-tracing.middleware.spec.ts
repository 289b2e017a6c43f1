import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { currentTrace } from '../context/trace-context';
import { wildcard } from '@cruddur/xray-contracts';
import { samplingRuleInput } from '@cruddur/test-kit';
import { Tracer } from '../recorder/tracer';
import { startTestTracer, TestTracer, rootOf, upstreamHeader } from '../testing/test-tracer';
import type { TracingConfig } from '../config/tracing-config';
import { traceHttpRequest } from './http-tracing.middleware';
import { recordException } from '../handlers/recorded-exception';

let daemon: TestTracer;
let server: Server;
let port: number;
let tracer: Tracer;
const always = samplingRuleInput({ RuleName: 'all', Priority: 1, FixedRate: 1 });

beforeAll(async () => {
  daemon = await startTestTracer({ samplingRules: [always] });
  server = createServer((req, res) => {
    traceHttpRequest(tracer, req, res, () => {
      const status = Number(/^\/status\/(\d+)/.exec(req.url ?? '')?.[1] ?? 200);
      const segment = currentTrace()?.segment;
      if (status >= 500 && segment) recordException(segment, new Error(`failed with ${status}`));
      res.statusCode = status;
      const body = currentTrace()?.traceId ?? 'none';
      res.setHeader('content-length', Buffer.byteLength(body));
      setImmediate(() => res.end(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
beforeEach(() => {
  tracer = daemon.tracer;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await daemon.stop();
});

const withConfig = (changes: Partial<TracingConfig>) => (tracer = daemon.withConfig(changes));

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; header: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, header: String(res.headers['x-amzn-trace-id']), body }),
      );
    });
    req.on('error', reject).end();
  });
}

async function documentOf(response: { header: string }) {
  const root = rootOf(response.header);
  const [segment] = await daemon.exporter.waitForTrace(root, (s) => s.length > 0);
  expect(segment).toBeDefined();
  return segment;
}

describe('traceHttpRequest', () => {
  it('continues a trusted trace and records the request and response', async () => {
    const incoming = upstreamHeader('1', '53995c3f42cd8ad8');
    const root = rootOf(incoming);
    const res = await get('/items?id=1', { 'x-amzn-trace-id': incoming, host: 'api.local:4567', 'user-agent': 'jest' });
    expect(res.header).toBe(`Root=${root};Sampled=1`);
    expect(res.body).toBe(root);
    expect(await documentOf(res)).toMatchObject({
      name: 'test-service',
      trace_id: root,
      parent_id: '53995c3f42cd8ad8',
      http: {
        request: { method: 'GET', url: 'http://api.local:4567/items?id=1', user_agent: 'jest', client_ip: '127.0.0.1' },
        response: { status: 200, content_length: root.length },
      },
    });
  });

  it('never reflects the raw incoming header', async () => {
    const incoming = `${upstreamHeader('1')};Evil=<script>;Self=x`;
    const ok = await get('/', { 'x-amzn-trace-id': incoming });
    expect(ok.header).toBe(`Root=${rootOf(incoming)};Sampled=1`);
    for (const bad of [
      'Root=<script>alert(1)</script>',
      'Root=1-5759e988-bd862e3fe1be46a994272793;Root=1-00000000-000000000000000000000000',
      'x'.repeat(600),
    ]) {
      const res = await get('/', { 'x-amzn-trace-id': bad });
      expect(res.header).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=[01]$/);
      expect(bad).not.toContain(rootOf(res.header));
    }
  });

  it.each([
    [404, { error: true }],
    [429, { error: true, throttle: true }],
    [503, { fault: true, cause: { exceptions: [{ message: 'failed with 503' }] } }],
  ])('flags status %i', async (status, flags) => {
    const res = await get(`/status/${status}`, { 'x-amzn-trace-id': upstreamHeader('1') });
    expect(res.status).toBe(status);
    const segment = await documentOf(res);
    expect(segment).toMatchObject({ ...flags, http: { response: { status } } });
    for (const flag of ['error', 'throttle', 'fault'] as const)
      expect(segment[flag]).toBe((flags as Record<string, unknown>)[flag]);
  });

  it.each([
    ['random (an OpenTelemetry W3C id)', '1-c0ffee42-bd862e3fe1be46a994272793'],
    ['from 2016', '1-5759e988-bd862e3fe1be46a994272793'],
    ['zero', '1-00000000-bd862e3fe1be46a994272794'],
    ['far in the future', '1-ffffffff-bd862e3fe1be46a994272795'],
  ])('continues a well-formed root whatever its first 8 hex say: %s', async (_what, root) => {
    const res = await get('/', { 'x-amzn-trace-id': `Root=${root};Parent=53995c3f42cd8ad8;Sampled=1` });
    expect(res.header).toBe(`Root=${root};Sampled=1`);
    expect(await documentOf(res)).toMatchObject({ trace_id: root, parent_id: '53995c3f42cd8ad8' });
  });

  it.each([
    ['Root only (what a load balancer adds)', (root: string) => `Root=${root}`],
    ['Sampled=?', (root: string) => `Root=${root};Parent=53995c3f42cd8ad8;Sampled=?`],
    [
      'Root only with Self= (an ALB that saw the request)',
      (root: string) => `Self=1-67891234-12456789abcdef012345678;Root=${root}`,
    ],
  ])('keeps the root of an undecided header and decides sampling here: %s', async (_what, header) => {
    const root = '1-c0ffee43-bd862e3fe1be46a994272793';
    const res = await get('/', { 'x-amzn-trace-id': header(root) });
    expect(res.header).toBe(`Root=${root};Sampled=1`);
    expect((await documentOf(res)).trace_id).toBe(root);
  });

  it('takes the client ip from X-Forwarded-For', async () => {
    const res = await get('/', { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' });
    expect((await documentOf(res)).http?.request).toMatchObject({ client_ip: '203.0.113.7', x_forwarded_for: true });
  });

  it('follows a trusted Sampled=0: the header says so and nothing is sent', async () => {
    const incoming = upstreamHeader('0');
    const res = await get('/', { 'x-amzn-trace-id': incoming });
    expect(res.header).toBe(`Root=${rootOf(incoming)};Sampled=0`);
    expect(res.body).toBe(rootOf(incoming));
    await new Promise((r) => setTimeout(r, 50));
    expect(daemon.exporter.forTrace(rootOf(incoming))).toEqual([]);
  });

  it('at the edge, ignores the client’s Sampled flag and decides itself', async () => {
    withConfig({ trustIncomingSampling: false });
    const incoming = upstreamHeader('0');
    const res = await get('/', { 'x-amzn-trace-id': incoming });
    expect(res.header).toBe(`Root=${rootOf(incoming)};Sampled=1`);
    expect((await documentOf(res)).trace_id).toBe(rootOf(incoming));
  });

  it('names the segment after a Host matching the dynamic naming pattern', async () => {
    withConfig({ dynamicNaming: wildcard('*.cruddur.test') });
    expect((await documentOf(await get('/', { host: 'api.cruddur.test' }))).name).toBe('api.cruddur.test');
    expect((await documentOf(await get('/', { host: 'evil.example' }))).name).toBe('test-service');
  });
});

describe('traceHttpRequest with W3C trace context', () => {
  const W3C_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const ROOT = '1-a1b2c3d4-e5f60718293a4b5c6d7e8f90';
  const traceparent = (flags: '00' | '01', parent = '00f067aa0ba902b7', id = W3C_ID) => `00-${id}-${parent}-${flags}`;

  it('continues a traceparent-only caller: same trace, parent = the caller’s span', async () => {
    const res = await get('/', { traceparent: traceparent('01') });
    expect(res.header).toBe(`Root=${ROOT};Sampled=1`);
    expect(res.body).toBe(ROOT);
    expect(await documentOf(res)).toMatchObject({ trace_id: ROOT, parent_id: '00f067aa0ba902b7' });
  });

  it('follows a trusted traceparent flag 00: nothing recorded', async () => {
    const id = 'b1b2c3d4e5f60718293a4b5c6d7e8f90';
    const res = await get('/', { traceparent: traceparent('00', undefined, id) });
    expect(res.header).toBe('Root=1-b1b2c3d4-e5f60718293a4b5c6d7e8f90;Sampled=0');
    await new Promise((r) => setTimeout(r, 50));
    expect(daemon.exporter.forTrace('1-b1b2c3d4-e5f60718293a4b5c6d7e8f90')).toEqual([]);
  });

  it('at the edge, distrusts the traceparent sampled flag as it does Sampled=', async () => {
    withConfig({ trustIncomingSampling: false });
    const id = 'c1b2c3d4e5f60718293a4b5c6d7e8f90';
    const res = await get('/', { traceparent: traceparent('00', undefined, id) });
    // The always-sample rule decided, not the client's flag; the trace is still the caller's.
    expect(res.header).toBe('Root=1-c1b2c3d4-e5f60718293a4b5c6d7e8f90;Sampled=1');
    expect(await documentOf(res)).toMatchObject({ parent_id: '00f067aa0ba902b7' });
  });

  it('both headers for the same trace: one trace, and what one lacks comes from the other', async () => {
    const id = 'd1b2c3d4e5f60718293a4b5c6d7e8f90';
    const root = '1-d1b2c3d4-e5f60718293a4b5c6d7e8f90';
    const res = await get('/', {
      traceparent: traceparent('01', undefined, id),
      'x-amzn-trace-id': `Root=${root};Lineage=a87bd80c:1`,
    });
    expect(await documentOf(res)).toMatchObject({ trace_id: root, parent_id: '00f067aa0ba902b7' });
  });

  it('both headers naming different traces: the later propagator (X-Ray by default) wins, unless it is Root-only', async () => {
    const xrayRoot = '1-e1b2c3d4-e5f60718293a4b5c6d7e8f90';
    const full = await get('/', {
      traceparent: traceparent('01'),
      'x-amzn-trace-id': `Root=${xrayRoot};Parent=53995c3f42cd8ad8;Sampled=1`,
    });
    expect(await documentOf(full)).toMatchObject({ trace_id: xrayRoot, parent_id: '53995c3f42cd8ad8' });

    // A load balancer's Root-only header in front of a traceparent caller: the caller's trace.
    const id = 'f1b2c3d4e5f60718293a4b5c6d7e8f90';
    const behindLb = await get('/', {
      traceparent: traceparent('01', undefined, id),
      'x-amzn-trace-id': 'Root=1-00000001-e5f60718293a4b5c6d7e8f90',
    });
    expect(await documentOf(behindLb)).toMatchObject({
      trace_id: '1-f1b2c3d4-e5f60718293a4b5c6d7e8f90',
      parent_id: '00f067aa0ba902b7',
    });
  });

  it('reads only the configured headers', async () => {
    withConfig({ propagators: ['xray'] });
    const res = await get('/', { traceparent: traceparent('01') });
    expect(res.header).not.toContain('a1b2c3d4');
    withConfig({ propagators: ['tracecontext'] });
    const root = '1-c0ffee44-bd862e3fe1be46a994272793';
    const ignored = await get('/', { 'x-amzn-trace-id': `Root=${root};Sampled=1` });
    expect(ignored.header).not.toContain(root);
  });
});
