import {
  type AttributeMap,
  type AttributeValue,
  emptyAttributes,
  type OtlpEvent,
  type OtlpResourceSpans,
  type OtlpSpan,
} from '../model/otlp-span';
import { OtlpTraceSchema } from '../schema/otlp-trace-schema';
import { MAX_ATTRIBUTE_DEPTH } from './attribute-depth';
import { OtlpDecodeError } from './otlp-decode-error';
import { nanosFromBits } from './unix-nanos';

// The decoded protobufjs messages, as far as this file reads them. Absent fields read as their
// proto3 defaults (protobufjs puts them on the prototype): '' / 0 / empty bytes / empty arrays.
// int64/fixed64 fields: protobufjs gives a Long (from the `long` package) for them.
type Int64 = number | { low: number; high: number; toNumber(): number; toString(): string };
const ANY_VALUE_FIELDS = [
  'stringValue',
  'intValue',
  'boolValue',
  'doubleValue',
  'kvlistValue',
  'arrayValue',
  'bytesValue',
] as const;
type AnyValueField = (typeof ANY_VALUE_FIELDS)[number];
interface PbAnyValue {
  stringValue: string;
  boolValue: boolean;
  intValue: Int64;
  doubleValue: number;
  arrayValue?: { values: PbAnyValue[] } | null;
  kvlistValue?: { values: PbKeyValue[] } | null;
  bytesValue: Uint8Array;
}
interface PbKeyValue {
  key: string;
  value?: PbAnyValue | null;
}
interface PbEvent {
  timeUnixNano: Int64;
  name: string;
  attributes: PbKeyValue[];
}
interface PbSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano: Int64;
  endTimeUnixNano: Int64;
  attributes: PbKeyValue[];
  events: PbEvent[];
  status?: { code: number; message: string } | null;
}
interface PbRequest {
  resourceSpans: { resource?: { attributes: PbKeyValue[] } | null; scopeSpans: { spans: PbSpan[] }[] }[];
}

// protobufjs hands out Buffers in Node, and an empty array for an absent bytes field.
function hex(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)).toString('hex');
}

function nanos(value: Int64): string {
  if (typeof value === 'number') return value >= 0 && Number.isSafeInteger(value) ? String(value) : '';
  return nanosFromBits(value.low, value.high);
}

function int64Value(value: Int64): number | string {
  if (typeof value === 'number') return value;
  const n = value.toNumber();
  return Number.isSafeInteger(n) ? n : value.toString();
}

/**
 * Which AnyValue field came on the wire: protobufjs sets the decoded member of the oneof as an own
 * property. Read this way rather than through the oneof's virtual `value` getter, which runs
 * Object.keys on every value (that getter tripled the decoding time). A sender sets one member.
 */
function presentField(v: PbAnyValue): AnyValueField | undefined {
  for (const field of ANY_VALUE_FIELDS) if (Object.prototype.hasOwnProperty.call(v, field)) return field;
  return undefined;
}

function anyValue(v: PbAnyValue | null | undefined, depth: number): AttributeValue {
  if (v == null) return null;
  switch (presentField(v)) {
    case 'stringValue':
      return v.stringValue;
    case 'boolValue':
      return v.boolValue;
    case 'intValue':
      return int64Value(v.intValue);
    case 'doubleValue':
      return v.doubleValue;
    case 'bytesValue':
      return (Buffer.isBuffer(v.bytesValue) ? v.bytesValue : Buffer.from(v.bytesValue)).toString('base64');
    case 'arrayValue': {
      if (depth >= MAX_ATTRIBUTE_DEPTH)
        throw new OtlpDecodeError(`attribute values nest deeper than ${MAX_ATTRIBUTE_DEPTH} levels`);
      const values = v.arrayValue?.values ?? [];
      const out: AttributeValue[] = new Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = anyValue(values[i], depth + 1);
      return out;
    }
    case 'kvlistValue':
      if (depth >= MAX_ATTRIBUTE_DEPTH)
        throw new OtlpDecodeError(`attribute values nest deeper than ${MAX_ATTRIBUTE_DEPTH} levels`);
      return attributes(v.kvlistValue?.values ?? [], depth + 1);
    default:
      // An AnyValue with no value set is OTLP's empty value.
      return null;
  }
}

function attributes(list: readonly PbKeyValue[], depth = 0): AttributeMap {
  const out = emptyAttributes();
  for (let i = 0; i < list.length; i++) out[list[i].key] = anyValue(list[i].value, depth);
  return out;
}

function event(e: PbEvent): OtlpEvent {
  return { name: e.name, timeUnixNano: nanos(e.timeUnixNano), attributes: attributes(e.attributes) };
}

function span(s: PbSpan): OtlpSpan {
  return {
    traceId: hex(s.traceId),
    spanId: hex(s.spanId),
    parentSpanId: hex(s.parentSpanId),
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: nanos(s.startTimeUnixNano),
    endTimeUnixNano: nanos(s.endTimeUnixNano),
    attributes: attributes(s.attributes),
    events: s.events.map(event),
    status: { code: s.status?.code ?? 0, message: s.status?.message ?? '' },
  };
}

/**
 * Decodes an `application/x-protobuf` ExportTraceServiceRequest with the repository's OTLP schema.
 * Throws OtlpDecodeError when the bytes are not such a message (truncated, wrong wire types,
 * nesting past protobufjs's limit of 100 messages).
 */
export function decodeTraceRequestProtobuf(body: Uint8Array): OtlpResourceSpans[] {
  let request: PbRequest;
  try {
    request = OtlpTraceSchema.ExportTraceServiceRequest.decode(body) as unknown as PbRequest;
  } catch (error) {
    throw new OtlpDecodeError(
      `not a protobuf ExportTraceServiceRequest: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return request.resourceSpans.map((rs) => {
    const spans: OtlpSpan[] = [];
    for (const scope of rs.scopeSpans) for (const s of scope.spans) spans.push(span(s));
    return { resource: attributes(rs.resource?.attributes ?? []), spans };
  });
}
