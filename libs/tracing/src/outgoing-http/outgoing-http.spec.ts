import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInTrace } from '../context/trace-context';
import { formatTraceparent, parseTraceHeader } from '@cruddur/xray-contracts';
import type { Tracer } from '../recorder/tracer';
import type { RecordedSegment } from '../testing/in-memory-exporter';
import { startTestTracer, type TestTracer } from '../testing/test-tracer';
import { traceFetch } from './fetch-tracing';
import { traceNodeHttpClients } from './node-http-tracing';

let daemon: TestTracer;
let server: http.Server;
let tracer: Tracer;
const seenHeaders: Array<string | undefined> = [];
const seenTraceparents: Array<string | undefined> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seenHeaders.push(req.headers['x-amzn-trace-id'] as string | undefined);
    seenTraceparents.push(req.headers.traceparent as string | undefined);
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  daemon = startTestTracer({ serviceName: 'caller' });
  tracer = daemon.tracer;
  traceNodeHttpClients();
  traceFetch();
});

afterAll(async () => {
  await daemon.stop();
  await new Promise<void>((r) => server.close(() => r()));
});

const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

function getWithNodeHttp(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

async function sentSegment(traceId: string): Promise<RecordedSegment> {
  const [doc] = await daemon.exporter.waitForTrace(traceId, (d) => d.length > 0);
  if (!doc) throw new Error('segment not sent');
  return doc;
}

it('node http and fetch calls inside a trace get remote subsegments and carry the trace header', async () => {
  seenHeaders.length = 0;
  seenTraceparents.length = 0;
  const trace = tracer.startSegment({
    name: 'caller',
    incoming: { root: '1-5759e988-bd862e3fe1be46a994272793', sampled: '1' },
    trustSampling: true,
    sampleRequest: { serviceName: 'caller' },
  });
  await runInTrace(trace, async () => {
    expect(await getWithNodeHttp(`${base()}/ok`)).toBe(200);
    expect((await fetch(`${base()}/missing`)).status).toBe(404);
  });
  tracer.finish(trace.segment, { kind: 'ok' });
  const doc = await sentSegment(trace.traceId);
  const calls = doc.subsegments ?? [];
  expect(calls).toHaveLength(2);
  expect(calls.every((c) => c.namespace === 'remote' && c.name === '127.0.0.1')).toBe(true);
  expect(calls[0].http).toEqual({ request: { method: 'GET', url: `${base()}/ok` }, response: { status: 200 } });
  expect(calls[1]).toMatchObject({
    error: true,
    http: { request: { method: 'GET', url: `${base()}/missing` }, response: { status: 404 } },
  });
  // Each request carried Parent = its own subsegment.
  expect(seenHeaders.map((h) => parseTraceHeader(h)?.parent)).toEqual(calls.map((c) => c.id));
  expect(seenHeaders.every((h) => parseTraceHeader(h)?.root === trace.traceId)).toBe(true);
  // And the W3C header names the same trace and parent.
  expect(seenTraceparents).toEqual(calls.map((c) => formatTraceparent(trace.traceId, c.id, true)));
});

it('a call that cannot connect is a fault on its subsegment', async () => {
  const trace = tracer.startSegment({
    name: 'caller',
    incoming: { root: '1-5759e988-bd862e3fe1be46a994272794', sampled: '1' },
    trustSampling: true,
    sampleRequest: { serviceName: 'caller' },
  });
  await runInTrace(trace, async () => {
    await expect(getWithNodeHttp('http://127.0.0.1:1/nowhere')).rejects.toThrow();
  });
  tracer.finish(trace.segment, { kind: 'ok' });
  const doc = await sentSegment(trace.traceId);
  expect(doc.subsegments?.[0]).toMatchObject({ name: '127.0.0.1', fault: true });
});

it('calls outside a trace are untouched', async () => {
  seenHeaders.length = 0;
  seenTraceparents.length = 0;
  expect(await getWithNodeHttp(`${base()}/ok`)).toBe(200);
  expect((await fetch(`${base()}/ok`)).status).toBe(200);
  expect(seenHeaders).toEqual([undefined, undefined]);
  expect(seenTraceparents).toEqual([undefined, undefined]);
});
