import { createSocket, Socket } from 'node:dgram';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveTracingConfig } from '../config/tracing-config';
import { runInTrace } from '../context/trace-context';
import { parseTraceHeader } from '@cruddur/xray-contracts';
import { Tracer } from '../recorder/tracer';
import { setActiveTracer } from '../recorder/tracer-registry';
import { traceFetch } from './fetch-tracing';
import { traceNodeHttpClients } from './node-http-tracing';

interface Doc {
  id: string;
  trace_id: string;
  subsegments?: Array<{ id: string; name: string; namespace?: string; fault?: boolean; error?: boolean; http?: { request: { method: string; url: string }; response?: { status: number } } }>;
}

let daemon: Socket;
let server: http.Server;
let tracer: Tracer;
const docs: Doc[] = [];
const seenHeaders: Array<string | undefined> = [];

beforeAll(async () => {
  daemon = createSocket('udp4');
  daemon.on('message', (m) => docs.push(JSON.parse(m.toString().split('\n')[1]) as Doc));
  await new Promise<void>((r) => daemon.bind(0, '127.0.0.1', r));
  server = http.createServer((req, res) => {
    seenHeaders.push(req.headers['x-amzn-trace-id'] as string | undefined);
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const config = resolveTracingConfig(
    { serviceName: 'caller', daemonAddress: `127.0.0.1:${daemon.address().port}`, centralizedSampling: false },
    {},
  );
  tracer = Tracer.configure(config);
  setActiveTracer(tracer);
  traceNodeHttpClients();
  traceFetch();
});

afterAll(async () => {
  setActiveTracer(undefined);
  await new Promise<void>((r) => server.close(() => r()));
  await new Promise<void>((r) => daemon.close(() => r()));
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

async function sentSegment(traceId: string): Promise<Doc> {
  for (let i = 0; i < 100 && !docs.some((d) => d.trace_id === traceId); i++) await new Promise((r) => setTimeout(r, 20));
  const doc = docs.find((d) => d.trace_id === traceId);
  if (!doc) throw new Error('segment not sent');
  return doc;
}

it('node http and fetch calls inside a trace get remote subsegments and carry the trace header', async () => {
  seenHeaders.length = 0;
  const trace = tracer.startSegment({ name: 'caller', incoming: { root: '1-5759e988-bd862e3fe1be46a994272793', sampled: '1' }, trustSampling: true, sampleRequest: { serviceName: 'caller' } });
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
  expect(calls[1]).toMatchObject({ error: true, http: { request: { method: 'GET', url: `${base()}/missing` }, response: { status: 404 } } });
  // Each request carried Parent = its own subsegment.
  expect(seenHeaders.map((h) => parseTraceHeader(h)?.parent)).toEqual(calls.map((c) => c.id));
  expect(seenHeaders.every((h) => parseTraceHeader(h)?.root === trace.traceId)).toBe(true);
});

it('a call that cannot connect is a fault on its subsegment', async () => {
  const trace = tracer.startSegment({ name: 'caller', incoming: { root: '1-5759e988-bd862e3fe1be46a994272794', sampled: '1' }, trustSampling: true, sampleRequest: { serviceName: 'caller' } });
  await runInTrace(trace, async () => {
    await expect(getWithNodeHttp('http://127.0.0.1:1/nowhere')).rejects.toThrow();
  });
  tracer.finish(trace.segment, { kind: 'ok' });
  const doc = await sentSegment(trace.traceId);
  expect(doc.subsegments?.[0]).toMatchObject({ name: '127.0.0.1', fault: true });
});

it('calls outside a trace are untouched', async () => {
  seenHeaders.length = 0;
  expect(await getWithNodeHttp(`${base()}/ok`)).toBe(200);
  expect((await fetch(`${base()}/ok`)).status).toBe(200);
  expect(seenHeaders).toEqual([undefined, undefined]);
});
