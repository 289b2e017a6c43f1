// Id checks on the ingest hot path: plain char-code loops, no regex and no allocation.

function isLowerHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 102);
}

function hexRun(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isLowerHex(s.charCodeAt(i))) return false;
  return true;
}

/** Segment and subsegment ids: 16 lowercase hex digits (the SDKs never emit upper case). */
export function isSegmentId(value: unknown): value is string {
  return typeof value === 'string' && value.length === 16 && hexRun(value, 0, 16);
}

/** Trace ids: `1-<8 hex epoch seconds>-<24 hex>`. */
export function isTraceId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length === 35 &&
    value.charCodeAt(0) === 49 /* 1 */ &&
    value.charCodeAt(1) === 45 /* - */ &&
    value.charCodeAt(10) === 45 &&
    hexRun(value, 2, 10) &&
    hexRun(value, 11, 35)
  );
}

/** The epoch seconds encoded in a valid trace id. */
export function traceIdEpochSeconds(traceId: string): number {
  return parseInt(traceId.slice(2, 10), 16);
}
