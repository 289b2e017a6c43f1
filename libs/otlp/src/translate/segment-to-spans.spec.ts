import type { NestedSubsegment, SegmentDocument } from '@cruddur/xray-contracts';
import { decodeTraceRequestProtobuf } from '../decode/decode-protobuf';
import { encodeTraceRequestProtobuf } from '../encode/encode-protobuf';
import { SpanKind, StatusCode } from '../model/otlp-span';
import { secondsToUnixNanos } from './seconds-to-unix-nanos';
import { segmentsToResourceSpans, segmentToSpans } from './segment-to-spans';
import { spansToDocuments } from './spans-to-documents';
import { unixNanosToSeconds } from './unix-nanos-to-seconds';

const TRACE = '1-6759f0a1-bbbbbbbbbbbbbbbbbbbbbbbb';
const T0 = 1767000000.123456;

/** A gateway segment as the tracing library records it: HTTP, a remote call, nested local work, an outcome. */
function gatewaySegment(overrides: Partial<SegmentDocument> = {}): SegmentDocument {
  const nested: NestedSubsegment = {
    id: '3333333333333333',
    name: 'returning_mock_data',
    start_time: T0 + 0.002,
    end_time: T0 + 0.003,
    metadata: { default: { number: 3 } },
  };
  return {
    trace_id: TRACE,
    id: '1111111111111111',
    parent_id: '53995c3f42cd8ad8',
    name: 'gateway',
    start_time: T0,
    end_time: T0 + 0.0125,
    http: {
      request: {
        method: 'GET',
        url: 'http://127.0.0.1:4567/api/activities/notifications',
        user_agent: 'curl/8',
        client_ip: '127.0.0.1',
      },
      response: { status: 200, content_length: 512 },
    },
    annotations: { URI: '/api/activities/notifications', count: 3, cached: false },
    metadata: { default: { payload: { n: 1, list: [1, 'two'] } }, db: { rows: [{ id: 'x' }] } },
    subsegments: [
      {
        id: '2222222222222222',
        name: 'notifications',
        namespace: 'remote',
        start_time: T0 + 0.001,
        end_time: T0 + 0.011,
        annotations: { rpc_pattern: 'notifications.feed' },
        metadata: {
          default: {
            rpc: { pattern: 'notifications.feed', kind: 'send', transport: 'tcp', address: '127.0.0.1:4002' },
          },
        },
      },
      {
        id: '4444444444444444',
        name: 'notifications_activities',
        start_time: T0 + 0.0015,
        end_time: T0 + 0.004,
        subsegments: [nested],
      },
    ],
    ...overrides,
  };
}

/** segment -> spans -> protobuf -> spans -> segment, as the exporter and the daemon do it. */
function roundTrip(segments: SegmentDocument[]) {
  const body = encodeTraceRequestProtobuf(segmentsToResourceSpans(segments, { 'telemetry.sdk.language': 'nodejs' }), {
    name: '@cruddur/tracing',
  });
  const { documents, rejected } = spansToDocuments(decodeTraceRequestProtobuf(body));
  expect(rejected).toEqual([]);
  return documents as SegmentDocument[];
}

/** What must survive: everything but generated exception ids and sub-microsecond digits of times. */
function comparable(entity: SegmentDocument | NestedSubsegment): unknown {
  const { start_time, end_time, subsegments, cause, ...rest } = entity as SegmentDocument;
  return {
    ...rest,
    start_time: Math.round(start_time * 1e6),
    end_time: end_time === undefined ? undefined : Math.round(end_time * 1e6),
    ...(cause === undefined || typeof cause === 'string'
      ? {}
      : { exceptions: cause.exceptions?.map(({ id: _id, ...e }) => e) }),
    ...(subsegments ? { subsegments: subsegments.map(comparable) } : {}),
  };
}

describe('segment -> span', () => {
  it('maps kinds, ids, parents and names as the Collector X-Ray receiver does', () => {
    const spans = segmentToSpans(gatewaySegment());
    expect(spans.map((s) => [s.name, s.kind, s.spanId, s.parentSpanId])).toEqual([
      ['gateway', SpanKind.server, '1111111111111111', '53995c3f42cd8ad8'],
      ['notifications', SpanKind.client, '2222222222222222', '1111111111111111'],
      ['notifications_activities', SpanKind.internal, '4444444444444444', '1111111111111111'],
      ['returning_mock_data', SpanKind.internal, '3333333333333333', '4444444444444444'],
    ]);
    expect(spans.every((s) => s.traceId === '6759f0a1bbbbbbbbbbbbbbbbbbbbbbbb')).toBe(true);
    expect(spans[0].attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'aws.xray.annotations': ['URI', 'count', 'cached'],
      URI: '/api/activities/notifications',
      'aws.xray.metadata.db': '{"rows":[{"id":"x"}]}',
    });
    expect(spans[0].status).toEqual({ code: StatusCode.unset, message: '' });
  });

  it('keeps an annotation named __proto__ an ordinary attribute', () => {
    const [root] = segmentToSpans(gatewaySegment({ annotations: JSON.parse('{"__proto__":"x","ok":1}') }));
    expect(Object.keys(root.attributes)).toEqual(expect.arrayContaining(['__proto__', 'ok']));
    expect(root.attributes['__proto__']).toBe('x');
    const [back] = roundTrip([
      gatewaySegment({ annotations: JSON.parse('{"__proto__":"x"}'), subsegments: undefined }),
    ]);
    expect(Object.entries(back.annotations ?? {})).toEqual([['__proto__', 'x']]);
  });

  it('writes times as exact int64 nanoseconds, to the microsecond', () => {
    expect(secondsToUnixNanos(1767000000.123456)).toBe('1767000000123456000');
    expect(unixNanosToSeconds(secondsToUnixNanos(T0))).toBe(T0);
    expect(secondsToUnixNanos(0)).toBe('0');
  });

  it('groups segments by service into resources named after it', () => {
    const other = gatewaySegment({ name: 'activities', id: '5555555555555555', subsegments: undefined });
    const resources = segmentsToResourceSpans([gatewaySegment(), other, gatewaySegment({ id: '6666666666666666' })], {
      'telemetry.sdk.name': 'x',
    });
    expect(
      resources.map((r) => [r.resource['service.name'], r.resource['telemetry.sdk.name'], r.spans.length]),
    ).toEqual([
      ['gateway', 'x', 8],
      ['activities', 'x', 1],
    ]);
  });
});

describe('segment -> span -> segment keeps what X-Ray shows', () => {
  it('names, ids, parents, times, http, annotations, metadata and nesting', () => {
    const segment = gatewaySegment();
    const [back] = roundTrip([segment]);
    expect(comparable(back)).toEqual(comparable(segment));
  });

  it.each([
    ['4xx over HTTP: error', { error: true, http: { response: { status: 404 } } }],
    ['429: error and throttle', { error: true, throttle: true, http: { response: { status: 429 } } }],
    ['5xx: fault', { fault: true, http: { response: { status: 503 } } }],
    ['a 4xx answered over RPC (no HTTP status): error, not fault', { error: true }],
    ['a throttled RPC: error and throttle', { error: true, throttle: true }],
    ['a failure without status: fault', { fault: true }],
  ] as const)('outcome: %s', (_what, outcome) => {
    const cause = {
      working_directory: '/app',
      exceptions: [
        {
          id: 'aaaaaaaaaaaaaaaa',
          type: 'NotFoundException',
          message: 'no such activity',
          stack: [
            { path: '/app/dist/main.js', line: 12, label: 'ActivitiesController.show' },
            { path: 'node:internal/process/task_queues', line: 95, label: 'process.processTicksAndRejections' },
          ],
        },
      ],
    };
    const remote: NestedSubsegment = {
      id: '2222222222222222',
      name: 'activities',
      namespace: 'remote',
      start_time: T0,
      end_time: T0 + 0.01,
      ...outcome,
      cause: { exceptions: [{ id: 'bbbbbbbbbbbbbbbb', message: 'down', remote: true }] },
    };
    const segment = gatewaySegment({ http: undefined, ...outcome, cause, subsegments: [remote] });
    const [back] = roundTrip([segment]);
    for (const flag of ['error', 'throttle', 'fault'] as const) {
      expect([flag, back[flag]]).toEqual([flag, segment[flag]]);
      expect([flag, back.subsegments?.[0][flag]]).toEqual([flag, remote[flag]]);
    }
    expect(back.http?.response?.status).toBe(segment.http?.response?.status);
    const { working_directory: _wd, ...portable } = cause;
    expect(comparable({ ...back, subsegments: undefined })).toEqual(
      comparable({ ...segment, cause: portable, subsegments: undefined }),
    );
    expect(back.subsegments?.[0].cause).toMatchObject({ exceptions: [{ message: 'down', remote: true }] });
  });

  it('several segments of several services in one request: each comes back whole', () => {
    const activities = gatewaySegment({
      name: 'activities',
      id: '5555555555555555',
      parent_id: '2222222222222222',
      http: undefined,
      subsegments: undefined,
      annotations: { rpc_pattern: 'activities.home' },
    });
    const back = roundTrip([gatewaySegment(), activities]);
    expect(back.map(comparable)).toEqual([gatewaySegment(), activities].map(comparable));
  });

  it('metadata that plain JSON cannot hold is sent as the UDP path sends it', () => {
    const odd: Record<string, unknown> = { n: 7n };
    odd.self = odd;
    const [back] = roundTrip([gatewaySegment({ metadata: { default: { odd } } })]);
    expect(back.metadata).toEqual({ default: { odd: { n: '7', self: '[Circular]' } } });
  });
});
