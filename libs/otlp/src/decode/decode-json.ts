import {
  type AttributeMap,
  type AttributeValue,
  emptyAttributes,
  type OtlpEvent,
  type OtlpResourceSpans,
  type OtlpSpan,
} from '../model/otlp-span';
import { MAX_ATTRIBUTE_DEPTH } from './attribute-depth';
import { OtlpDecodeError } from './otlp-decode-error';
import { nanosFromJson } from './unix-nanos';

// OTLP JSON is proto3 JSON with three differences that matter here: trace and span ids are hex
// (a generic proto3 decoder would read them as base64 and silently yield other ids), enums are
// integers, and int64 values may be strings or numbers. Keys are lowerCamelCase; unknown keys are
// ignored; null means the field's default.

type Json = Record<string, unknown>;

const KIND_NAMES: Readonly<Record<string, number>> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_NAMES: Readonly<Record<string, number>> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};
const INT64 = /^-?\d{1,19}$/;

function fail(path: string, expected: string): never {
  throw new OtlpDecodeError(`${path}: expected ${expected}`);
}

function object(value: unknown, path: string): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) fail(path, 'an object');
  return value as Json;
}

function list(value: unknown, path: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(path, 'an array');
  return value;
}

function string(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') fail(path, 'a string');
  return value;
}

/** An enum: its integer (the OTLP JSON form) or, leniently, its proto name. */
function enumValue(value: unknown, names: Readonly<Record<string, number>>, path: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && Object.hasOwn(names, value)) return names[value];
  return fail(path, 'an integer enum value');
}

/**
 * An id: hex, case-insensitive, lowercased. A non-hex string (base64 for instance) is kept as
 * given but can never be valid hex of the right length, so the span check refuses that span.
 */
function id(value: unknown, path: string): string {
  return string(value, path).toLowerCase();
}

function int64(value: unknown, path: string): number | string {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && INT64.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value).toString();
  }
  return fail(path, 'an integer or a decimal string');
}

function double(value: unknown, path: string): number | string {
  if (typeof value === 'number') return value;
  // proto3 JSON writes the non-finite doubles as strings; JSON documents cannot hold them as numbers.
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return fail(path, 'a number');
}

function anyValue(value: unknown, path: string, depth: number): AttributeValue {
  const v = object(value, path);
  if (v === undefined) return null;
  if (v.stringValue !== undefined && v.stringValue !== null) return string(v.stringValue, `${path}.stringValue`);
  if (v.boolValue !== undefined && v.boolValue !== null) {
    if (typeof v.boolValue !== 'boolean') fail(`${path}.boolValue`, 'a boolean');
    return v.boolValue;
  }
  if (v.intValue !== undefined && v.intValue !== null) return int64(v.intValue, `${path}.intValue`);
  if (v.doubleValue !== undefined && v.doubleValue !== null) return double(v.doubleValue, `${path}.doubleValue`);
  if (v.bytesValue !== undefined && v.bytesValue !== null) return string(v.bytesValue, `${path}.bytesValue`);
  const array = object(v.arrayValue, `${path}.arrayValue`);
  const kvlist = object(v.kvlistValue, `${path}.kvlistValue`);
  if ((array !== undefined || kvlist !== undefined) && depth >= MAX_ATTRIBUTE_DEPTH) {
    throw new OtlpDecodeError(`${path}: attribute values nest deeper than ${MAX_ATTRIBUTE_DEPTH} levels`);
  }
  if (array !== undefined)
    return list(array.values, `${path}.arrayValue.values`).map((item, i) =>
      anyValue(item, `${path}.arrayValue.values[${i}]`, depth + 1),
    );
  if (kvlist !== undefined) return attributes(kvlist.values, `${path}.kvlistValue.values`, depth + 1);
  return null;
}

function attributes(value: unknown, path: string, depth = 0): AttributeMap {
  const out = emptyAttributes();
  const items = list(value, path);
  for (let i = 0; i < items.length; i++) {
    const kv = object(items[i], `${path}[${i}]`) ?? fail(`${path}[${i}]`, 'an object');
    out[string(kv.key, `${path}[${i}].key`)] = anyValue(kv.value, `${path}[${i}].value`, depth);
  }
  return out;
}

function event(value: unknown, path: string): OtlpEvent {
  const e = object(value, path) ?? fail(path, 'an object');
  return {
    name: string(e.name, `${path}.name`),
    timeUnixNano: nanosFromJson(e.timeUnixNano),
    attributes: attributes(e.attributes, `${path}.attributes`),
  };
}

function span(value: unknown, path: string): OtlpSpan {
  const s = object(value, path) ?? fail(path, 'an object');
  const status = object(s.status, `${path}.status`);
  return {
    traceId: id(s.traceId, `${path}.traceId`),
    spanId: id(s.spanId, `${path}.spanId`),
    parentSpanId: id(s.parentSpanId, `${path}.parentSpanId`),
    name: string(s.name, `${path}.name`),
    kind: enumValue(s.kind, KIND_NAMES, `${path}.kind`),
    startTimeUnixNano: nanosFromJson(s.startTimeUnixNano),
    endTimeUnixNano: nanosFromJson(s.endTimeUnixNano),
    attributes: attributes(s.attributes, `${path}.attributes`),
    events: list(s.events, `${path}.events`).map((e, i) => event(e, `${path}.events[${i}]`)),
    status: {
      code: enumValue(status?.code, STATUS_NAMES, `${path}.status.code`),
      message: string(status?.message, `${path}.status.message`),
    },
  };
}

/**
 * Decodes an `application/json` ExportTraceServiceRequest (OTLP JSON). Throws OtlpDecodeError,
 * naming the path, when the text is not JSON or a field has the wrong type.
 */
export function decodeTraceRequestJson(text: string): OtlpResourceSpans[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new OtlpDecodeError('body is not valid JSON');
  }
  const request = object(parsed, 'body') ?? fail('body', 'an object');
  return list(request.resourceSpans, 'resourceSpans').map((item, r) => {
    const path = `resourceSpans[${r}]`;
    const rs = object(item, path) ?? fail(path, 'an object');
    const spans: OtlpSpan[] = [];
    list(rs.scopeSpans, `${path}.scopeSpans`).forEach((scopeItem, s) => {
      const scope = object(scopeItem, `${path}.scopeSpans[${s}]`) ?? fail(`${path}.scopeSpans[${s}]`, 'an object');
      list(scope.spans, `${path}.scopeSpans[${s}].spans`).forEach((spanItem, i) =>
        spans.push(span(spanItem, `${path}.scopeSpans[${s}].spans[${i}]`)),
      );
    });
    return {
      resource: attributes(object(rs.resource, `${path}.resource`)?.attributes, `${path}.resource.attributes`),
      spans,
    };
  });
}
