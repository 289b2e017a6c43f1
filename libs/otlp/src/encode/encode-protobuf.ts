import type { AttributeMap, AttributeValue, OtlpEvent, OtlpResourceSpans, OtlpSpan } from '../model/otlp-span';
import { OtlpTraceSchema } from '../schema/otlp-trace-schema';

// ExportTraceServiceRequest bodies from this library's span model, with the same protobufjs
// schema the decoders read (one schema for both directions). Written here rather than taken from
// OpenTelemetry JS: its serializer (@opentelemetry/otlp-transformer) is internal to the SDK and
// only takes the SDK's ReadableSpan objects, which our recorder does not make.
// Messages are plain objects in the shape protobufjs's encoder reads: bytes as Buffers, fixed64
// times as {low, high} halves, one field of each AnyValue oneof set.

interface PbAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number;
  doubleValue?: number;
  arrayValue?: { values: PbAnyValue[] };
  kvlistValue?: { values: PbKeyValue[] };
}
interface PbKeyValue {
  key: string;
  value: PbAnyValue;
}

function anyValue(value: AttributeValue): PbAnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isSafeInteger(value) ? { intValue: value } : { doubleValue: value };
  if (value === null) return {};
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { kvlistValue: { values: keyValues(value) } };
}

function keyValues(attributes: AttributeMap): PbKeyValue[] {
  const out: PbKeyValue[] = [];
  for (const key in attributes) out.push({ key, value: anyValue(attributes[key]) });
  return out;
}

const LOW_32 = 0xffffffffn;

/**
 * A decimal nanosecond time as the two 32-bit halves protobufjs writes a fixed64 from. Handing
 * it the string instead makes it parse one with long.js per field, the costliest step of a batch.
 */
function fixed64(nanos: string): { low: number; high: number } {
  const value = BigInt(nanos === '' ? 0 : nanos);
  return { low: Number(value & LOW_32), high: Number(value >> 32n) };
}

function event(e: OtlpEvent) {
  return { timeUnixNano: fixed64(e.timeUnixNano), name: e.name, attributes: keyValues(e.attributes) };
}

// One object shape for every span (absent fields undefined, which the encoder skips): no spread,
// so building a batch's messages stays a small part of its cost.
function span(s: OtlpSpan) {
  return {
    traceId: Buffer.from(s.traceId, 'hex'),
    spanId: Buffer.from(s.spanId, 'hex'),
    parentSpanId: s.parentSpanId === '' ? undefined : Buffer.from(s.parentSpanId, 'hex'),
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: fixed64(s.startTimeUnixNano),
    endTimeUnixNano: fixed64(s.endTimeUnixNano),
    attributes: keyValues(s.attributes),
    events: s.events.length === 0 ? undefined : s.events.map(event),
    status:
      s.status.code === 0 && s.status.message === '' ? undefined : { code: s.status.code, message: s.status.message },
  };
}

/** Who produced the spans: the ScopeSpans' InstrumentationScope. */
export interface InstrumentationScope {
  readonly name: string;
  readonly version?: string;
}

/** An `application/x-protobuf` ExportTraceServiceRequest carrying `batch`, all spans under `scope`. */
export function encodeTraceRequestProtobuf(
  batch: readonly OtlpResourceSpans[],
  scope: InstrumentationScope,
): Uint8Array {
  const request = {
    resourceSpans: batch.map((rs) => ({
      resource: { attributes: keyValues(rs.resource) },
      scopeSpans: [{ scope, spans: rs.spans.map(span) }],
    })),
  };
  return OtlpTraceSchema.ExportTraceServiceRequest.encode(request).finish();
}
