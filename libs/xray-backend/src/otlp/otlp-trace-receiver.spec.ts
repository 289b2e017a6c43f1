import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { OtlpTraceSchema } from '@cruddur/otlp';
import { XRayApiRouter } from '../api/xray-api-router';
import { XRayBackend } from '../pipeline/xray-backend';
import { type OtlpHttpRequest, OtlpTraceReceiver } from './otlp-trace-receiver';

const NOW_S = 1_767_000_100;
const T = OtlpTraceSchema.ExportTraceServiceRequest;

interface SpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name?: string;
  kind: number;
  start?: string;
  end?: string;
  attributes?: Record<string, string | number>;
}

function keyValues(attributes: Record<string, string | number>) {
  return Object.entries(attributes).map(([key, v]) => ({
    key,
    value: typeof v === 'number' ? { intValue: v } : { stringValue: v },
  }));
}

function spanObject(s: SpanSpec) {
  return {
    traceId: Buffer.from(s.traceId, 'hex'),
    spanId: Buffer.from(s.spanId, 'hex'),
    parentSpanId: Buffer.from(s.parentSpanId ?? '', 'hex'),
    name: s.name ?? 'op',
    kind: s.kind,
    startTimeUnixNano: s.start ?? '1767000000000000000',
    endTimeUnixNano: s.end ?? '1767000000250000000',
    attributes: keyValues(s.attributes ?? {}),
  };
}

/** An ExportTraceServiceRequest with one resource per service. */
function protobufBody(services: Record<string, SpanSpec[]>): Buffer {
  const resourceSpans = Object.entries(services).map(([service, spans]) => ({
    resource: { attributes: keyValues({ 'service.name': service }) },
    scopeSpans: [{ spans: spans.map(spanObject) }],
  }));
  return Buffer.from(T.encode(T.fromObject({ resourceSpans })).finish());
}

function request(
  body: Buffer | Readable,
  headers: Record<string, string>,
  method = 'POST',
  url = '/v1/traces',
): OtlpHttpRequest {
  const stream = body instanceof Readable ? body : Readable.from([body]);
  return Object.assign(stream, { method, url, headers });
}

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };
// A W3C id from OpenTelemetry's default generator: the first 8 hex are random, here "ffffffff" (year 2106).
const RANDOM_TRACE = 'ffffffff' + '1'.repeat(24);
const XRAY_TRACE = '695a1d80' + '2'.repeat(24);

describe('OtlpTraceReceiver', () => {
  let backend: XRayBackend;
  let receiver: OtlpTraceReceiver;
  let router: XRayApiRouter;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'otlp-receiver-'));
    ({ backend } = await XRayBackend.open({ maxTraces: 1000, maxAgeSeconds: 3600, dataDir, now: () => NOW_S * 1000 }));
    receiver = new OtlpTraceReceiver(backend.ingest, { maxBodyBytes: 1024 * 1024 });
    router = new XRayApiRouter(backend);
  });
  afterEach(async () => {
    await backend.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const api = async (path: string, body: object) =>
    JSON.parse((await router.handle('POST', path, JSON.stringify(body))).body);

  const callTrace = (traceId: string): Record<string, SpanSpec[]> => ({
    'otel-service': [
      {
        traceId,
        spanId: 'a1'.repeat(8),
        kind: 2,
        name: 'GET /',
        attributes: { 'http.method': 'GET', 'http.status_code': 200 },
      },
      {
        traceId,
        spanId: 'a2'.repeat(8),
        parentSpanId: 'a1'.repeat(8),
        kind: 3,
        name: 'GET',
        start: '1767000000050000000',
        end: '1767000000200000000',
        attributes: { 'peer.service': 'inventory', 'http.method': 'GET', 'http.status_code': 503 },
      },
    ],
    inventory: [
      {
        traceId,
        spanId: 'b1'.repeat(8),
        parentSpanId: 'a2'.repeat(8),
        kind: 2,
        start: '1767000000060000000',
        end: '1767000000190000000',
        attributes: { 'http.method': 'GET', 'http.status_code': 503 },
      },
    ],
  });

  it('stores a protobuf export like UDP segments: trace, summaries with filters, service graph with the edge', async () => {
    const answer = await receiver.handle(request(protobufBody(callTrace(XRAY_TRACE)), PROTOBUF), true);
    expect(answer).toMatchObject({
      status: 200,
      headers: { 'Content-Type': 'application/x-protobuf' },
      bodyUnread: false,
    });
    expect(answer.body).toHaveLength(0);
    const xrayId = `1-695a1d80-${'2'.repeat(24)}`;
    const { Traces } = await api('/Traces', { TraceIds: [xrayId] });
    expect(Traces[0].Segments).toHaveLength(2);
    const summaries = await api('/TraceSummaries', {
      StartTime: NOW_S - 600,
      EndTime: NOW_S,
      FilterExpression: 'service("inventory") { fault } AND http.status = 200',
    });
    expect(summaries.TraceSummaries.map((s: { Id: string }) => s.Id)).toEqual([xrayId]);
    const graph = await api('/ServiceGraph', { StartTime: NOW_S - 600, EndTime: NOW_S });
    const otel = graph.Services.find((s: { Name: string }) => s.Name === 'otel-service');
    const inventory = graph.Services.find((s: { Name: string }) => s.Name === 'inventory');
    expect(otel.Edges.map((e: { ReferenceId: number }) => e.ReferenceId)).toEqual([inventory.ReferenceId]);
    expect(backend.counters().ingest).toMatchObject({ accepted: 2, rejected: 0 });
    expect(receiver.counters()).toMatchObject({
      requests: 1,
      responses: { '200': 1 },
      spans: { received: 3, accepted: 3, rejected: 0 },
    });
  });

  it('a random W3C trace id (first 8 hex not a time) is stored and found like any other: time window, graph, BatchGetTraces, replay', async () => {
    expect((await receiver.handle(request(protobufBody(callTrace(RANDOM_TRACE)), PROTOBUF), true)).status).toBe(200);
    const xrayId = `1-ffffffff-${'1'.repeat(24)}`;
    const summaries = await api('/TraceSummaries', {
      StartTime: NOW_S - 600,
      EndTime: NOW_S,
      FilterExpression: 'service("otel-service")',
    });
    expect(summaries.TraceSummaries.map((s: { Id: string }) => s.Id)).toEqual([xrayId]);
    const graph = await api('/ServiceGraph', { StartTime: NOW_S - 600, EndTime: NOW_S });
    expect(graph.Services.map((s: { Name: string }) => s.Name)).toEqual(
      expect.arrayContaining(['otel-service', 'inventory']),
    );
    expect((await api('/Traces', { TraceIds: [xrayId] })).Traces).toHaveLength(1);
    backend.store.evictExpired();
    expect(backend.store.get(xrayId)).toBeDefined();
    await backend.close();
    ({ backend } = await XRayBackend.open({ maxTraces: 1000, maxAgeSeconds: 3600, dataDir, now: () => NOW_S * 1000 }));
    expect(backend.store.get(xrayId)?.segments).toHaveLength(2);
  });

  it('OTLP JSON in, OTLP JSON out; gzip accepted', async () => {
    const json = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'json-svc' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: XRAY_TRACE,
                  spanId: 'c1'.repeat(8),
                  name: 'x',
                  kind: 2,
                  startTimeUnixNano: '1767000000000000000',
                  endTimeUnixNano: '1767000000100000000',
                },
              ],
            },
          ],
        },
      ],
    });
    const answer = await receiver.handle(request(gzipSync(json), { ...JSON_TYPE, 'content-encoding': 'gzip' }), true);
    expect(answer).toMatchObject({ status: 200, headers: { 'Content-Type': 'application/json' } });
    expect(JSON.parse(answer.body.toString())).toEqual({});
    expect(backend.store.get(`1-695a1d80-${'2'.repeat(24)}`)?.segments[0].name).toBe('json-svc');
  });

  it('partial success: the valid spans are stored, the invalid ones counted by reason and named in error_message', async () => {
    const body = protobufBody({
      svc: [
        { traceId: XRAY_TRACE, spanId: 'd1'.repeat(8), kind: 2 },
        { traceId: '0'.repeat(32), spanId: 'd2'.repeat(8), kind: 2 },
        {
          traceId: XRAY_TRACE,
          spanId: 'd3'.repeat(8),
          kind: 2,
          start: '1767000001000000000',
          end: '1767000000000000000',
        },
        // A child the document validator refuses (a metadata namespace named __proto__):
        {
          traceId: XRAY_TRACE,
          spanId: 'd4'.repeat(8),
          parentSpanId: 'd1'.repeat(8),
          kind: 1,
          attributes: { 'aws.xray.metadata.__proto__': '{}' },
        },
      ],
    });
    const answer = await receiver.handle(request(body, PROTOBUF), true);
    expect(answer.status).toBe(200);
    const response = OtlpTraceSchema.ExportTraceServiceResponse.toObject(
      OtlpTraceSchema.ExportTraceServiceResponse.decode(answer.body),
      { longs: Number },
    );
    expect(response.partialSuccess.rejectedSpans).toBe(3);
    expect(response.partialSuccess.errorMessage).toMatch(
      /^3 of 4 spans rejected: bad_trace_id x1 \(.*\); bad_times x1 \(.*\); forbidden_key x1/,
    );
    expect(backend.store.get(`1-695a1d80-${'2'.repeat(24)}`)?.segments.map((r) => r.id)).toEqual(['d1'.repeat(8)]);
    expect(receiver.counters().spans).toMatchObject({
      received: 4,
      accepted: 1,
      rejected: 3,
      rejectedByReason: expect.objectContaining({ bad_trace_id: 1, bad_times: 1, forbidden_key: 1 }),
    });
  });

  it.each([
    ['garbage protobuf', Buffer.from('ffffffffffffffff', 'hex'), PROTOBUF],
    ['JSON that is not OTLP', Buffer.from('{"resourceSpans":5}'), JSON_TYPE],
    ['gzip that is not gzip', Buffer.from('not gzip at all'), { ...PROTOBUF, 'content-encoding': 'gzip' }],
  ])('%s: 400 with a google.rpc.Status, nothing stored', async (_what, body, headers) => {
    const answer = await receiver.handle(request(body, headers), true);
    expect(answer.status).toBe(400);
    const status =
      headers['content-type'] === 'application/json'
        ? JSON.parse(answer.body.toString())
        : OtlpTraceSchema.Status.toObject(OtlpTraceSchema.Status.decode(answer.body));
    expect(status).toEqual({ code: 3, message: expect.any(String) });
    expect(backend.counters().ingest.received).toBe(0);
  });

  it('413 past the limit, said up front by Content-Length or found while reading', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024);
    expect(
      await receiver.handle(request(big, { ...PROTOBUF, 'content-length': String(big.length) }), true),
    ).toMatchObject({ status: 413, bodyUnread: true });
    expect(await receiver.handle(request(big, PROTOBUF), true)).toMatchObject({ status: 413, bodyUnread: true });
  });

  it('a gzip bomb is cut off while inflating: an endless stream of compressed zeros still gets its 413', async () => {
    const zeros = new Readable({
      read() {
        this.push(Buffer.alloc(1 << 20));
      },
    });
    const bomb = zeros.pipe(createGzip());
    try {
      const answer = await receiver.handle(request(bomb, { ...PROTOBUF, 'content-encoding': 'gzip' }), true);
      expect(answer).toMatchObject({ status: 413, bodyUnread: true });
      expect(JSON.stringify(OtlpTraceSchema.Status.toObject(OtlpTraceSchema.Status.decode(answer.body)))).toContain(
        'after decompression',
      );
      expect(receiver.counters().bytes.decoded).toBe(0);
    } finally {
      zeros.destroy();
      bomb.destroy();
    }
  });

  it.each([
    ['another content type', { 'content-type': 'text/plain' }, 'POST', '/v1/traces', 415],
    ['another content encoding', { ...PROTOBUF, 'content-encoding': 'br' }, 'POST', '/v1/traces', 415],
    ['another path', PROTOBUF, 'POST', '/v1/metrics', 404],
    ['another method', PROTOBUF, 'GET', '/v1/traces', 405],
  ])('%s: a google.rpc.Status (JSON until the content type is known)', async (_what, headers, method, url, status) => {
    const answer = await receiver.handle(request(protobufBody({}), headers, method, url), true);
    expect(answer.status).toBe(status);
    const body =
      answer.headers['Content-Type'] === 'application/json'
        ? JSON.parse(answer.body.toString())
        : OtlpTraceSchema.Status.toObject(OtlpTraceSchema.Status.decode(answer.body));
    expect(body).toEqual({ code: expect.any(Number), message: expect.any(String) });
  });

  it('403 when the Host check failed', async () => {
    expect((await receiver.handle(request(protobufBody(callTrace(XRAY_TRACE)), PROTOBUF), false)).status).toBe(403);
    expect(backend.counters().ingest.received).toBe(0);
  });

  it('a document over 64 KB is split into one document per span; only the span that is too large alone is refused', async () => {
    const spans: SpanSpec[] = [{ traceId: XRAY_TRACE, spanId: 'e0'.repeat(8), kind: 2 }];
    for (let i = 1; i <= 40; i++)
      spans.push({
        traceId: XRAY_TRACE,
        spanId: `e1${String(i).padStart(14, '0')}`,
        parentSpanId: 'e0'.repeat(8),
        kind: 1,
        attributes: { blob: 'x'.repeat(3000) },
      });
    spans.push({
      traceId: XRAY_TRACE,
      spanId: 'e2'.repeat(8),
      parentSpanId: 'e0'.repeat(8),
      kind: 1,
      attributes: { blob: 'y'.repeat(70_000) },
    });
    const answer = await receiver.handle(request(protobufBody({ svc: spans }), PROTOBUF), true);
    const response = OtlpTraceSchema.ExportTraceServiceResponse.toObject(
      OtlpTraceSchema.ExportTraceServiceResponse.decode(answer.body),
      { longs: Number },
    );
    expect(response.partialSuccess).toMatchObject({
      rejectedSpans: 1,
      errorMessage: expect.stringContaining('too_large x1'),
    });
    expect(backend.store.get(`1-695a1d80-${'2'.repeat(24)}`)?.segments).toHaveLength(41);
  });
});
