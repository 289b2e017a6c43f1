import type { OtlpSpan } from '../model/otlp-span';

/** Why a span was refused before translation; named like the daemon's document reject reasons. */
export type SpanRejectReason = 'bad_trace_id' | 'bad_id' | 'bad_parent_id' | 'bad_times';

export type SpanCheck = { ok: true } | { ok: false; reason: SpanRejectReason; message: string };

const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

function isLowerHex(s: string, length: number): boolean {
  if (s.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** Compares two decimal strings without leading zeros (how the decoders write nanoseconds). */
function compareDecimal(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * What a span needs before it can become an X-Ray document: a trace id of 16 bytes and a span id
 * of 8, neither all zero (OpenTelemetry's invalid ids); a parent id of 8 bytes when present; a
 * start and an end time with end >= start. OTLP JSON carries ids as hex, so a base64 id fails here.
 */
export function checkSpan(span: OtlpSpan): SpanCheck {
  if (!isLowerHex(span.traceId, 32) || span.traceId === ZERO_TRACE_ID) {
    return {
      ok: false,
      reason: 'bad_trace_id',
      message: 'traceId must be 32 hex digits, not all zero (OTLP JSON ids are hex, not base64)',
    };
  }
  if (!isLowerHex(span.spanId, 16) || span.spanId === ZERO_SPAN_ID) {
    return {
      ok: false,
      reason: 'bad_id',
      message: 'spanId must be 16 hex digits, not all zero (OTLP JSON ids are hex, not base64)',
    };
  }
  if (span.parentSpanId !== '' && (!isLowerHex(span.parentSpanId, 16) || span.parentSpanId === ZERO_SPAN_ID)) {
    return { ok: false, reason: 'bad_parent_id', message: 'parentSpanId must be empty or 16 hex digits, not all zero' };
  }
  const { startTimeUnixNano: start, endTimeUnixNano: end } = span;
  if (start === '' || start === '0' || end === '' || end === '0') {
    return { ok: false, reason: 'bad_times', message: 'startTimeUnixNano and endTimeUnixNano must be set' };
  }
  if (compareDecimal(end, start) < 0)
    return { ok: false, reason: 'bad_times', message: 'endTimeUnixNano is before startTimeUnixNano' };
  return { ok: true };
}
