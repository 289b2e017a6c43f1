import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { currentTrace } from '../context/trace-context';
import { parseTraceHeader } from '@cruddur/xray-contracts';
import { Tracer } from '../recorder/tracer';
import { startTestTracer, TestTracer, upstreamHeader } from '../testing/test-tracer';
import type { TracingConfig } from '../config/tracing-config';
import { wildcard } from '../config/wildcard';
import { traceHttpRequest } from './http-tracing.middleware';
import { recordException } from './recorded-exception';

let daemon: TestTracer;
let server: Server;
let port: number;
let tracer: Tracer;
const always = { RuleName: 'all', ResourceARN: '*', Priority: 1, FixedRate: 1, ReservoirSize: 0, ServiceName: '*', ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: '*', Version: 1 };

beforeAll(async () => {
  daemon = await startTestTracer({ samplingRules: [{ SamplingRule: always }] });
  server = createServer((req, res) => {
    traceHttpRequest(tracer, req, res, () => {
      const status = Number(/^\/status\/(\d+)/.exec(req.url ?? '')?.[1] ?? 200);
      if (status >= 500) recordException(res, new Error(`failed with ${status}`));
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

const withConfig = (changes: Partial<TracingConfig>) => (tracer = new Tracer({ ...daemon.tracer.config, ...changes }));

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; header: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, header: String(res.headers['x-amzn-trace-id']), body }));
    });
    req.on('error', reject).end();
  });
}

async function documentOf(response: { header: string }) {
  const root = parseTraceHeader(response.header)!.root;
  const [segment] = await daemon.collector.waitForTrace(root, (s) => s.length > 0);
  expect(segment).toBeDefined();
  return segment;
}

describe('traceHttpRequest', () => {
  it('continues a trusted trace and records the request and response', async () => {
    const incoming = upstreamHeader('1', '53995c3f42cd8ad8');
    const root = parseTraceHeader(incoming)!.root;
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
    expect(ok.header).toBe(`Root=${parseTraceHeader(incoming)!.root};Sampled=1`);
    for (const bad of ['Root=<script>alert(1)</script>', 'Root=1-5759e988-bd862e3fe1be46a994272793;Root=1-00000000-000000000000000000000000', 'x'.repeat(600)]) {
      const res = await get('/', { 'x-amzn-trace-id': bad });
      expect(res.header).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=[01]$/);
      expect(bad).not.toContain(parseTraceHeader(res.header)!.root);
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
    for (const flag of ['error', 'throttle', 'fault'] as const) expect(segment[flag]).toBe((flags as Record<string, unknown>)[flag]);
  });

  it('starts a fresh trace for a root from long ago, which no backend would keep', async () => {
    const stale = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const res = await get('/', { 'x-amzn-trace-id': stale });
    expect(res.header).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=[01]$/);
    expect(res.header).not.toContain('5759e988');
  });

  it('takes the client ip from X-Forwarded-For', async () => {
    const res = await get('/', { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' });
    expect((await documentOf(res)).http?.request).toMatchObject({ client_ip: '203.0.113.7', x_forwarded_for: true });
  });

  it('follows a trusted Sampled=0: the header says so and nothing is sent', async () => {
    const incoming = upstreamHeader('0');
    const res = await get('/', { 'x-amzn-trace-id': incoming });
    expect(res.header).toBe(`Root=${parseTraceHeader(incoming)!.root};Sampled=0`);
    expect(res.body).toBe(parseTraceHeader(incoming)!.root);
    await new Promise((r) => setTimeout(r, 50));
    expect(daemon.collector.forTrace(parseTraceHeader(incoming)!.root)).toEqual([]);
  });

  it('at the edge, ignores the client’s Sampled flag and decides itself', async () => {
    withConfig({ trustIncomingSampling: false });
    const incoming = upstreamHeader('0');
    const res = await get('/', { 'x-amzn-trace-id': incoming });
    expect(res.header).toBe(`Root=${parseTraceHeader(incoming)!.root};Sampled=1`);
    expect((await documentOf(res)).trace_id).toBe(parseTraceHeader(incoming)!.root);
  });

  it('names the segment after a Host matching the dynamic naming pattern', async () => {
    withConfig({ dynamicNaming: wildcard('*.cruddur.test') });
    expect((await documentOf(await get('/', { host: 'api.cruddur.test' }))).name).toBe('api.cruddur.test');
    expect((await documentOf(await get('/', { host: 'evil.example' }))).name).toBe('test-service');
  });
});
