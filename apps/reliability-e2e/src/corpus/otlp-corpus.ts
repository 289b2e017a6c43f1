import { gzipSync } from 'node:zlib';
import { OtlpTraceSchema } from '@cruddur/otlp';
import { Writer } from 'protobufjs';
import type { Random } from '../support/scale';

/**
 * One generated OTLP/HTTP request. `expect`: '4xx' when only a client error is right (nothing
 * stored); 200 when the body is well formed and exactly `rejected` of its spans must be refused;
 * 'any' when the bytes are random enough that either a 400 or a 200 storing nothing is right.
 * `valid`: spans that must be stored, each a root span (one segment document each).
 */
export interface OtlpCase {
  readonly kind: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly expect: '4xx' | 200 | 'any';
  readonly rejected: number;
  readonly valid: readonly { readonly traceId: string; readonly spanId: string }[];
}

const PROTOBUF = { 'content-type': 'application/x-protobuf', host: 'localhost' };
const JSON_TYPE = { 'content-type': 'application/json', host: 'localhost' };
const REQUEST = OtlpTraceSchema.ExportTraceServiceRequest;
const SPAN = REQUEST.root.lookupType('opentelemetry.proto.trace.v1.Span');
/** The OTLP/HTTP body limit the daemon applies after decompression. */
export const OTLP_LIMIT = 20 * 1024 * 1024;

type SpanObject = Record<string, unknown>;

function field(n: number, bytes: Uint8Array): Uint8Array {
  return Writer.create()
    .uint32((n << 3) | 2)
    .bytes(bytes)
    .finish();
}

/** A request of already-encoded Span messages, one resource `fuzz-otlp`, written field by field. */
function requestOf(spans: readonly Uint8Array[]): Buffer {
  const resource = field(
    1,
    REQUEST.root
      .lookupType('opentelemetry.proto.resource.v1.Resource')
      .encode({ attributes: [{ key: 'service.name', value: { stringValue: 'fuzz-otlp' } }] })
      .finish(),
  );
  const scope = Buffer.concat(spans.map((s) => field(2, s)));
  return Buffer.from(field(1, Buffer.concat([resource, field(2, scope)])));
}

function encodeSpan(span: SpanObject): Uint8Array {
  return SPAN.encode(SPAN.fromObject(span)).finish();
}

/** Builds the generator's spans: valid root spans (recorded as expected) and broken ones. */
class SpanFactory {
  constructor(private readonly r: Random) {}

  valid(into: { traceId: string; spanId: string }[]): SpanObject {
    const traceId = `${Math.floor(Date.now() / 1000).toString(16)}${this.r.hex(24)}`;
    const spanId = this.r.hex(16);
    into.push({ traceId: `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`, spanId });
    const start = BigInt(Date.now()) * 1_000_000n;
    return {
      traceId: Buffer.from(traceId, 'hex'),
      spanId: Buffer.from(spanId, 'hex'),
      name: 'fuzz',
      kind: 2,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + 1_000_000n).toString(),
      attributes: [
        { key: 'http.method', value: { stringValue: 'GET' } },
        { key: 'http.status_code', value: { intValue: 200 } },
      ],
    };
  }

  /** A span refused by the span checks or the validator, with the way it is broken. */
  broken(): SpanObject {
    const base = { ...this.valid([]) };
    switch (this.r.int(8)) {
      case 0:
        return { ...base, traceId: Buffer.alloc(16) };
      case 1:
        return { ...base, spanId: Buffer.alloc(8) };
      case 2:
        return { ...base, traceId: this.r.bytes(1 + this.r.int(15)) };
      case 3:
        return { ...base, spanId: this.r.bytes(9 + this.r.int(8)) };
      case 4:
        return { ...base, parentSpanId: this.r.bytes(1 + this.r.int(7)) };
      case 5:
        return { ...base, endTimeUnixNano: '1000' };
      case 6:
        return { ...base, startTimeUnixNano: '0' };
      default:
        // 10,000 attributes: over 64 KB as a segment document.
        return {
          ...base,
          attributes: Array.from({ length: 10_000 }, (_, i) => ({ key: `attribute.${i}`, value: { intValue: i } })),
        };
    }
  }
}

let bombCache: Buffer | undefined;
/** 64 MiB of zeros, gzipped to ~64 KB: over the limit only once inflated. */
function gzipBomb(): Buffer {
  bombCache ??= gzipSync(Buffer.alloc(64 * 1024 * 1024));
  return bombCache;
}

function nested(depth: number): Uint8Array {
  let value: Uint8Array = field(1, Buffer.from('leaf'));
  for (let i = 0; i < depth; i++) value = field(5, field(1, value));
  const span = Buffer.concat([
    field(1, Buffer.alloc(16, 1)),
    field(9, Buffer.concat([field(1, Buffer.from('deep')), field(2, value)])),
  ]);
  return span;
}

type Family = (r: Random, spans: SpanFactory) => OtlpCase;

const FAMILIES: Record<string, Family> = {
  'garbage protobuf': (r) => ({
    kind: 'garbage protobuf',
    headers: PROTOBUF,
    body: r.bytes(1 + r.int(2000)),
    expect: 'any',
    rejected: 0,
    valid: [],
  }),
  truncated: (r, spans) => {
    const body = requestOf(Array.from({ length: 3 }, () => encodeSpan(spans.broken())));
    return {
      kind: 'truncated',
      headers: PROTOBUF,
      body: body.subarray(0, 1 + r.int(body.length - 1)),
      expect: 'any',
      rejected: 0,
      valid: [],
    };
  },
  'wrong wire type': (_r, spans) => {
    const valid: { traceId: string; spanId: string }[] = [];
    // trace_id (field 1) sent as a varint: protobuf skips it as unknown, so the span has no trace id.
    const wrong = Buffer.concat([
      Buffer.from([0x08, 0x01]),
      encodeSpan({ ...spans.valid([]), traceId: Buffer.alloc(0) }),
    ]);
    const body = requestOf([encodeSpan(spans.valid(valid)), wrong, encodeSpan(spans.valid(valid))]);
    return { kind: 'wrong wire type', headers: PROTOBUF, body, expect: 200, rejected: 1, valid };
  },
  'huge repeated field': (r, spans) => {
    const valid: { traceId: string; spanId: string }[] = [];
    const empties = 20_000 + r.int(30_000);
    const body = requestOf([
      encodeSpan(spans.valid(valid)),
      ...Array.from({ length: empties }, () => new Uint8Array(0)),
    ]);
    return { kind: 'huge repeated field', headers: PROTOBUF, body, expect: 200, rejected: empties, valid };
  },
  'deep nesting': (r) => ({
    kind: 'deep nesting',
    headers: PROTOBUF,
    body: requestOf([nested(60 + r.int(200))]),
    expect: '4xx',
    rejected: 0,
    valid: [],
  }),
  'gzip bomb': () => ({
    kind: 'gzip bomb',
    headers: { ...PROTOBUF, 'content-encoding': 'gzip' },
    body: gzipBomb(),
    expect: '4xx',
    rejected: 0,
    valid: [],
  }),
  'gzip garbage': (r) => ({
    kind: 'gzip garbage',
    headers: { ...PROTOBUF, 'content-encoding': 'gzip' },
    body: r.bytes(1 + r.int(500)),
    expect: '4xx',
    rejected: 0,
    valid: [],
  }),
  'bad spans among good ones': (r, spans) => {
    const valid: { traceId: string; spanId: string }[] = [];
    const broken = 1 + r.int(4);
    const list = [
      ...Array.from({ length: 1 + r.int(3) }, () => spans.valid(valid)),
      ...Array.from({ length: broken }, () => spans.broken()),
    ];
    const gzip = r.int(2) === 0;
    const body = requestOf(list.map(encodeSpan));
    return {
      kind: 'bad spans among good ones',
      headers: gzip ? { ...PROTOBUF, 'content-encoding': 'gzip' } : PROTOBUF,
      body: gzip ? gzipSync(body) : body,
      expect: 200,
      rejected: broken,
      valid,
    };
  },
  'JSON with base64 ids': (_r, spans) => {
    const valid: { traceId: string; spanId: string }[] = [];
    const good = spans.valid(valid);
    const json = (s: SpanObject, encoding: 'hex' | 'base64') => ({
      ...s,
      traceId: (s.traceId as Buffer).toString(encoding),
      spanId: (s.spanId as Buffer).toString(encoding),
    });
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'fuzz-otlp' } }] },
          scopeSpans: [{ spans: [json(good, 'hex'), json(spans.valid([]), 'base64')] }],
        },
      ],
    });
    return {
      kind: 'JSON with base64 ids',
      headers: JSON_TYPE,
      body: Buffer.from(body),
      expect: 200,
      rejected: 1,
      valid,
    };
  },
  'JSON of the wrong shape': (r) => {
    const bodies = [
      '{',
      '[]',
      'null',
      '{"resourceSpans":{}}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":5}]}]}]}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"x"}]}]}]}',
      '\u0000',
    ];
    return {
      kind: 'JSON of the wrong shape',
      headers: JSON_TYPE,
      body: Buffer.from(r.pick(bodies)),
      expect: '4xx',
      rejected: 0,
      valid: [],
    };
  },
  'other content type': (r) => ({
    kind: 'other content type',
    headers: {
      'content-type': r.pick(['text/plain', 'application/grpc', 'application/octet-stream', '']),
      host: 'localhost',
    },
    body: Buffer.from('x'),
    expect: '4xx',
    rejected: 0,
    valid: [],
  }),
  'other content encoding': (r) => ({
    kind: 'other content encoding',
    headers: { ...PROTOBUF, 'content-encoding': r.pick(['br', 'deflate', 'zstd', 'gzip, br']) },
    body: Buffer.from('x'),
    expect: '4xx',
    rejected: 0,
    valid: [],
  }),
};

/** `count` cases over every family, round robin then random, reproducible from the seed. */
export function otlpCorpus(r: Random, count: number, families: readonly string[] = Object.keys(FAMILIES)): OtlpCase[] {
  const spans = new SpanFactory(r);
  return Array.from({ length: count }, (_, i) =>
    FAMILIES[i < families.length ? families[i] : r.pick(families)](r, spans),
  );
}

/** Every family that stores nothing (for the memory check: bad input alone must leave nothing behind). */
export const BAD_ONLY_FAMILIES = Object.keys(FAMILIES).filter(
  (f) => !['wrong wire type', 'huge repeated field', 'bad spans among good ones', 'JSON with base64 ids'].includes(f),
);
