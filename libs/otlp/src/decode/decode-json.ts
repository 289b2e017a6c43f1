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

// Error messages name where the bad value sits (`resourceSpans[0].scopeSpans[0].spans[3].name`).
// Those paths are built only when a message needs one: each check gets the path of the object it
// reads (`at`) and the field's suffix, concatenated on failure. Building every field's path up
// front cost more than reading the field.

function fail(path: string, expected: string): never {
  throw new OtlpDecodeError(`${path}: expected ${expected}`);
}

function object(value: unknown, at: string, field = ''): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) fail(at + field, 'an object');
  return value as Json;
}

function list(value: unknown, at: string, field = ''): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(at + field, 'an array');
  return value;
}

function string(value: unknown, at: string, field = ''): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return fail(at + field, 'a string');
}

/** An enum: its integer (the OTLP JSON form) or, leniently, its proto name. */
function enumValue(value: unknown, names: Readonly<Record<string, number>>, at: string, field: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && Object.hasOwn(names, value)) return names[value];
  return fail(at + field, 'an integer enum value');
}

/**
 * An id: hex, case-insensitive, lowercased. A non-hex string (base64 for instance) is kept as
 * given but can never be valid hex of the right length, so the span check refuses that span.
 */
function id(value: unknown, at: string, field: string): string {
  return string(value, at, field).toLowerCase();
}

function int64(value: unknown, path: string): number | string {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && INT64.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value).toString();
  }
  return fail(`${path}.intValue`, 'an integer or a decimal string');
}

function double(value: unknown, path: string): number | string {
  if (typeof value === 'number') return value;
  // proto3 JSON writes the non-finite doubles as strings; JSON documents cannot hold them as numbers.
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return fail(`${path}.doubleValue`, 'a number');
}

/** The path of item `index` of the list at `at`, followed by `suffix`. */
function itemPath(at: string, index: number, suffix = ''): string {
  return `${at}[${index}]${suffix}`;
}

/**
 * An AnyValue: item `index` of the list at `at` (with `suffix`: `.value` in a key/value list).
 * The common values (string, bool, int, double) return before any path is built.
 */
function anyValue(value: unknown, at: string, index: number, suffix: string, depth: number): AttributeValue {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) fail(itemPath(at, index, suffix), 'an object');
  const v = value as Json;
  if (v.stringValue !== undefined && v.stringValue !== null) {
    if (typeof v.stringValue === 'string') return v.stringValue;
    fail(`${itemPath(at, index, suffix)}.stringValue`, 'a string');
  }
  if (v.boolValue !== undefined && v.boolValue !== null) {
    if (typeof v.boolValue !== 'boolean') fail(`${itemPath(at, index, suffix)}.boolValue`, 'a boolean');
    return v.boolValue;
  }
  if (v.intValue !== undefined && v.intValue !== null) return int64(v.intValue, itemPath(at, index, suffix));
  if (v.doubleValue !== undefined && v.doubleValue !== null) return double(v.doubleValue, itemPath(at, index, suffix));
  const path = itemPath(at, index, suffix);
  if (v.bytesValue !== undefined && v.bytesValue !== null) return string(v.bytesValue, path, '.bytesValue');
  const array = object(v.arrayValue, path, '.arrayValue');
  const kvlist = object(v.kvlistValue, path, '.kvlistValue');
  if ((array !== undefined || kvlist !== undefined) && depth >= MAX_ATTRIBUTE_DEPTH) {
    throw new OtlpDecodeError(`${path}: attribute values nest deeper than ${MAX_ATTRIBUTE_DEPTH} levels`);
  }
  if (array !== undefined) {
    const itemsAt = `${path}.arrayValue.values`;
    const items = list(array.values, itemsAt);
    const out: AttributeValue[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) out[i] = anyValue(items[i], itemsAt, i, '', depth + 1);
    return out;
  }
  if (kvlist !== undefined) return attributes(kvlist.values, path, '.kvlistValue.values', depth + 1);
  return null;
}

/** The key/value list at `at` + `field`. */
function attributes(value: unknown, at: string, field: string, depth = 0): AttributeMap {
  const out = emptyAttributes();
  if (value === undefined || value === null) return out;
  if (!Array.isArray(value)) fail(at + field, 'an array');
  for (let i = 0; i < value.length; i++) {
    const kv = value[i] as unknown;
    if (kv === undefined || kv === null || typeof kv !== 'object' || Array.isArray(kv))
      fail(itemPath(at + field, i), 'an object');
    const { key, value: item } = kv as Json;
    out[typeof key === 'string' ? key : string(key, itemPath(at + field, i, '.key'))] = anyValue(
      item,
      at + field,
      i,
      '.value',
      depth,
    );
  }
  return out;
}

function event(value: unknown, at: string, index: number): OtlpEvent {
  const e = object(value, itemPath(at, index)) ?? fail(itemPath(at, index), 'an object');
  return {
    name: typeof e.name === 'string' ? e.name : string(e.name, itemPath(at, index, '.name')),
    timeUnixNano: nanosFromJson(e.timeUnixNano),
    attributes:
      e.attributes == null ? emptyAttributes() : attributes(e.attributes, itemPath(at, index, '.attributes'), ''),
  };
}

function span(value: unknown, path: string): OtlpSpan {
  const s = object(value, path) ?? fail(path, 'an object');
  // The fields in the order they are checked, so a body with several bad fields names the same first one.
  const status = object(s.status, path, '.status');
  const traceId = id(s.traceId, path, '.traceId');
  const spanId = id(s.spanId, path, '.spanId');
  const parentSpanId = id(s.parentSpanId, path, '.parentSpanId');
  const name = string(s.name, path, '.name');
  const kind = enumValue(s.kind, KIND_NAMES, path, '.kind');
  const startTimeUnixNano = nanosFromJson(s.startTimeUnixNano);
  const endTimeUnixNano = nanosFromJson(s.endTimeUnixNano);
  const attributeMap = attributes(s.attributes, path, '.attributes');
  const events = list(s.events, path, '.events');
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind,
    startTimeUnixNano,
    endTimeUnixNano,
    attributes: attributeMap,
    events: events.map((e, i) => event(e, `${path}.events`, i)),
    status: {
      code: enumValue(status?.code, STATUS_NAMES, path, '.status.code'),
      message: string(status?.message, path, '.status.message'),
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
    const scopes = list(rs.scopeSpans, path, '.scopeSpans');
    for (let s = 0; s < scopes.length; s++) {
      const scopePath = itemPath(`${path}.scopeSpans`, s);
      const scope = object(scopes[s], scopePath) ?? fail(scopePath, 'an object');
      const spansAt = `${scopePath}.spans`;
      const items = list(scope.spans, spansAt);
      for (let i = 0; i < items.length; i++) spans.push(span(items[i], itemPath(spansAt, i)));
    }
    return {
      resource: attributes(object(rs.resource, path, '.resource')?.attributes, path, '.resource.attributes'),
      spans,
    };
  });
}
