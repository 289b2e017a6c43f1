// X-Ray ids: trace ids `1-<8 hex>-<24 hex>` and segment (span) ids of 16 hex digits, lowercase.
//
// The first 8 hex of a trace id are the epoch seconds when this generator (the X-Ray one) made
// it, but OpenTelemetry's W3C ids put random bits there: nothing may read them as a time.
//
// Both directions are hot paths. Checks are plain char-code loops (no regex, no allocation):
// the daemon runs them on every segment it ingests. Ids are drawn from a pooled buffer of crypto
// randomness (one `getRandomValues` per ~500 ids: one random call per id was ~4% of the
// gateway's CPU) and written with one `String.fromCharCode` each, which gives a flat string
// without intermediate concatenations (faster than Node's `Buffer#toString('hex')` here, and it
// needs no Node API, so the browser can use this module).

/** What this module needs of Web Crypto (`globalThis.crypto` in browsers and Node >= 19). */
interface RandomSource {
  getRandomValues(array: Uint8Array): Uint8Array;
}

const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let offset = POOL_SIZE;

// Char codes of '0'-'9', 'a'-'f'; HI/LO give the two hex digits of a byte.
const DIGITS = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
const HI = new Uint8Array(256);
const LO = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  HI[b] = DIGITS[b >> 4];
  LO[b] = DIGITS[b & 15];
}

/** Offset of `bytes` fresh random bytes in `pool`. */
function take(bytes: number): number {
  if (offset + bytes > POOL_SIZE) {
    (globalThis as unknown as { crypto: RandomSource }).crypto.getRandomValues(pool);
    offset = 0;
  }
  const at = offset;
  offset += bytes;
  return at;
}

/** A new segment or subsegment id (also used for exception ids): 16 hex digits. */
export function newSegmentId(): string {
  const o = take(8);
  const p = pool;
  return String.fromCharCode(
    HI[p[o]],
    LO[p[o]],
    HI[p[o + 1]],
    LO[p[o + 1]],
    HI[p[o + 2]],
    LO[p[o + 2]],
    HI[p[o + 3]],
    LO[p[o + 3]],
    HI[p[o + 4]],
    LO[p[o + 4]],
    HI[p[o + 5]],
    LO[p[o + 5]],
    HI[p[o + 6]],
    LO[p[o + 6]],
    HI[p[o + 7]],
    LO[p[o + 7]],
  );
}

// The trace id's characters, rewritten per id: '1', '-', 8 epoch digits, '-', 24 random digits.
/** `1-<8 hex>-<24 hex>`. */
export const TRACE_ID_LENGTH = 35;
const traceChars = new Uint16Array(TRACE_ID_LENGTH);
traceChars[0] = 49; /* 1 */
traceChars[1] = 45; /* - */
traceChars[10] = 45;

/** A new X-Ray trace id, `1-<epoch seconds, 8 hex>-<24 random hex>`. */
export function newTraceId(nowMs: number = Date.now()): string {
  const seconds = Math.floor(nowMs / 1000) >>> 0;
  for (let i = 0; i < 8; i++) traceChars[2 + i] = DIGITS[(seconds >>> (28 - 4 * i)) & 15];
  const o = take(12);
  for (let i = 0; i < 12; i++) {
    const b = pool[o + i];
    traceChars[11 + 2 * i] = HI[b];
    traceChars[12 + 2 * i] = LO[b];
  }
  return String.fromCharCode.apply(null, traceChars as unknown as number[]);
}

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

/** Trace ids: `1-<8 hex>-<24 hex>`, lowercase. */
export function isTraceId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length === TRACE_ID_LENGTH &&
    value.charCodeAt(0) === 49 /* 1 */ &&
    value.charCodeAt(1) === 45 /* - */ &&
    value.charCodeAt(10) === 45 &&
    hexRun(value, 2, 10) &&
    hexRun(value, 11, TRACE_ID_LENGTH)
  );
}
