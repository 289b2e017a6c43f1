import { ownKeysObject } from './own-keys-object';

// What both OTLP decoders (protobuf and JSON) produce: one shape, whatever the encoding, so the
// translation to X-Ray documents never sees the wire. Ids are lowercase hex as received (their
// length and value are checked per span, so one bad span does not cost the whole batch), and times
// are int64 nanoseconds as decimal strings: a JS number cannot hold them exactly.

/** An attribute value: OTLP AnyValue with int64 as a number when exact, else a decimal string; bytes as base64. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | AttributeMap;

/** Attributes by key, own keys only (see emptyAttributes): keys such as `__proto__` are ordinary keys. */
export interface AttributeMap {
  [key: string]: AttributeValue;
}

/** OTLP span kinds (the JS API's `SpanKind` is this minus one). */
export const SpanKind = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

/** OTLP status codes. */
export const StatusCode = { unset: 0, ok: 1, error: 2 } as const;

export interface OtlpEvent {
  readonly name: string;
  /** Nanoseconds since the epoch, decimal; '' when absent or not a non-negative integer. */
  readonly timeUnixNano: string;
  readonly attributes: AttributeMap;
}

export interface OtlpSpan {
  /** Lowercase hex; valid only when 32 digits and not all zero. */
  readonly traceId: string;
  /** Lowercase hex; valid only when 16 digits and not all zero. */
  readonly spanId: string;
  /** '' when the span has no parent. */
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  /** Nanoseconds since the epoch, decimal; '' when absent or not a non-negative integer. */
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: AttributeMap;
  readonly events: readonly OtlpEvent[];
  readonly status: { readonly code: number; readonly message: string };
}

/** The spans of one resource (a service instance), across its instrumentation scopes. */
export interface OtlpResourceSpans {
  readonly resource: AttributeMap;
  readonly spans: readonly OtlpSpan[];
}

/** Creates an empty attribute map: nothing inherited, so any sender's key is an own key. */
export function emptyAttributes(): AttributeMap {
  return ownKeysObject<AttributeMap>();
}
