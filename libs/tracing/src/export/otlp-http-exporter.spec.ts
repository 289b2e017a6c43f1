import { decodeTraceRequestProtobuf, encodeExportResponse, OtlpTraceSchema, spansToDocuments } from '@cruddur/otlp';
import { newTraceId, type SegmentDocument } from '@cruddur/xray-contracts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OtlpSettings } from '../config/exporter-settings';
import { runInTrace } from '../context/trace-context';
import { traceNodeHttpClients } from '../outgoing-http/node-http-tracing';
import { SegmentEntity } from '../recorder/trace-entity';
import { startTestTracer } from '../testing/test-tracer';
import { OtlpHttpExporter } from './otlp-http-exporter';

type Reply = { status: number; headers?: Record<string, string>; body?: Uint8Array | string };

/** A stand-in OTLP receiver: answers from `replies` (then 200), keeps what it accepted as X-Ray documents. */
class Sink {
  readonly accepted: SegmentDocument[] = [];
  readonly requests: http.IncomingHttpHeaders[] = [];
  replies: Reply[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.requests.push(req.headers);
      const reply = this.replies.shift() ?? { status: 200 };
      if (reply.status === 200)
        this.accepted.push(
          ...(spansToDocuments(decodeTraceRequestProtobuf(Buffer.concat(chunks))).documents as SegmentDocument[]),
        );
      res.writeHead(reply.status, reply.headers).end(reply.body);
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/traces`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const sdk = { sdk: 'X-Ray for Node.js', sdk_version: 'test', package: '@cruddur/tracing' };
let sink: Sink;
let settings: OtlpSettings;
const warnings: string[] = [];
const exporters: OtlpHttpExporter[] = [];

function exporter(changes: Partial<OtlpSettings> = {}): OtlpHttpExporter {
  const made = new OtlpHttpExporter(
    { ...settings, ...changes },
    (line) => warnings.push(line),
    { 'telemetry.sdk.name': 'test' },
    1,
  );
  exporters.push(made);
  return made;
}

/** A finished segment with one subsegment (two spans), exported to `to`. */
function finish(to: OtlpHttpExporter, name = 'gateway'): SegmentEntity {
  const segment = new SegmentEntity(name, newTraceId(), undefined, (s) => to.export(s), sdk);
  segment.addAnnotation('URI', '/api/activities/home');
  const child = segment.addNewSubsegment('activities');
  child.namespace = 'remote';
  child.addMetadata('rpc', { pattern: 'activities.home' });
  child.close();
  segment.close();
  return segment;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

beforeEach(async () => {
  sink = new Sink();
  settings = {
    endpoint: await sink.start(),
    scheduleDelayMs: 20,
    maxQueueSize: 100,
    maxBatchSize: 10,
    timeoutMs: 2000,
    headers: {},
  };
  warnings.length = 0;
});
afterEach(async () => {
  await Promise.all(exporters.splice(0).map((e) => e.shutdown()));
  await sink.close();
});

describe('OtlpHttpExporter', () => {
  it('sends segments as OTLP protobuf spans that become the same documents again', async () => {
    const to = exporter();
    const segments = [finish(to), finish(to, 'activities')];
    await until(() => sink.accepted.length === 2);
    expect(sink.requests[0]['content-type']).toBe('application/x-protobuf');
    expect(sink.requests[0]['x-api-key']).toBeUndefined();
    for (const segment of segments) {
      const back = sink.accepted.find((d) => d.id === segment.id);
      expect(back).toMatchObject({
        name: segment.name,
        trace_id: segment.trace_id,
        annotations: { URI: '/api/activities/home' },
      });
      expect(back?.subsegments).toEqual([
        expect.objectContaining({
          id: segment.subsegments?.[0].id,
          name: 'activities',
          namespace: 'remote',
          metadata: { default: { rpc: { pattern: 'activities.home' } } },
        }),
      ]);
    }
    expect(to.dropped.total).toBe(0);
  });

  it('batches: one request per maxBatchSize segments, at once when a batch is full', async () => {
    const to = exporter({ scheduleDelayMs: 60_000, maxBatchSize: 3 });
    for (let i = 0; i < 6; i++) finish(to);
    await until(() => sink.accepted.length === 6);
    expect(sink.requests).toHaveLength(2);
  });

  it('retries 429/502/503/504 as Retry-After says, then delivers', async () => {
    sink.replies = [{ status: 503, headers: { 'retry-after': '0' } }, { status: 429 }, { status: 502 }];
    const to = exporter();
    finish(to);
    await until(() => sink.accepted.length === 1);
    expect(sink.requests).toHaveLength(4);
    expect(to.dropped.total).toBe(0);
  });

  it('drops a batch the endpoint refuses (400), counting its spans and saying why once', async () => {
    const status = OtlpTraceSchema.Status;
    sink.replies = [
      {
        status: 400,
        headers: { 'content-type': 'application/x-protobuf' },
        body: status.encode(status.fromObject({ code: 3, message: 'bad span' })).finish(),
      },
    ];
    const to = exporter();
    finish(to);
    await until(() => to.dropped.total === 2);
    expect(sink.requests).toHaveLength(1);
    expect(warnings).toEqual([
      expect.stringMatching(
        /dropped 2 spans: 2 refused by http:\/\/127\.0\.0\.1:\d+\/v1\/traces \(HTTP 400: bad span\)/,
      ),
    ]);
  });

  it('counts spans a 200 reports as rejected (partial_success), without retrying them', async () => {
    sink.replies = [
      {
        status: 200,
        headers: { 'content-type': 'application/x-protobuf' },
        body: encodeExportResponse('protobuf', { rejectedSpans: 1, errorMessage: 'span too old' }),
      },
    ];
    const to = exporter();
    finish(to);
    await until(() => to.dropped.total === 1);
    expect(sink.requests).toHaveLength(1);
    expect(warnings.join()).toContain('rejected by');
    expect(warnings.join()).toContain('span too old');
  });

  it('never blocks: a full queue drops (and counts) what does not fit, an unreachable endpoint gives up after retries', async () => {
    await sink.close();
    const to = exporter({ maxQueueSize: 2, maxBatchSize: 2, scheduleDelayMs: 60_000, timeoutMs: 500 });
    for (let i = 0; i < 3; i++) expect(() => finish(to)).not.toThrow();
    // The first two went out as a full batch (and will fail); the third waits, the next overflow.
    for (let i = 0; i < 3; i++) finish(to);
    await until(() => to.dropped.total === 12, 10_000);
    expect(warnings[0]).toMatch(/queue full \(2 segments waiting/);
    sink = new Sink();
    await sink.start();
  });

  it('shutdown sends what is still queued', async () => {
    const to = exporter({ scheduleDelayMs: 60_000 });
    finish(to);
    finish(to);
    expect(sink.accepted).toEqual([]);
    await to.shutdown();
    expect(sink.accepted).toHaveLength(2);
    finish(to);
    expect(to.dropped.total).toBe(2);
  });

  it('sends the configured headers with every request; its own content headers stay', async () => {
    const to = exporter({
      headers: { 'x-api-key': 'k1', authorization: 'Basic dTpw', 'content-type': 'text/plain' },
      maxBatchSize: 1,
    });
    finish(to);
    finish(to);
    await until(() => sink.accepted.length === 2);
    for (const request of sink.requests)
      expect(request).toMatchObject({
        'x-api-key': 'k1',
        authorization: 'Basic dTpw',
        'content-type': 'application/x-protobuf',
      });
  });

  it('its own requests are never traced, even when the segment finishes inside a trace', async () => {
    traceNodeHttpClients();
    const daemon = startTestTracer();
    try {
      const to = exporter({ scheduleDelayMs: 1 });
      const trace = daemon.tracer.startSegment({
        name: 'caller',
        trustSampling: true,
        incoming: { root: newTraceId(), sampled: '1' },
        sampleRequest: { serviceName: 'caller' },
      });
      runInTrace(trace, () => finish(to));
      await until(() => sink.accepted.length === 1);
      expect(sink.requests[0]['x-amzn-trace-id']).toBeUndefined();
      expect(sink.requests[0].traceparent).toBeUndefined();
    } finally {
      await daemon.stop();
    }
  });
});
