// int64 nanoseconds arrive as protobuf fixed64 (two 32-bit halves) or OTLP JSON strings/numbers.
// Both become an exact decimal string: 2^53 ns is only ~104 days, so a JS number would round.

const DECIMAL = /^\d{1,20}$/;
const MAX_UINT64 = 2n ** 64n - 1n;

/** The unsigned 64-bit value of `low`/`high` halves (protobufjs Long) as a decimal string. */
export function nanosFromBits(low: number, high: number): string {
  if (high === 0) return String(low >>> 0);
  return ((BigInt(high >>> 0) << 32n) | BigInt(low >>> 0)).toString();
}

/**
 * An OTLP JSON time: a decimal string (the spec's form) or an integral number. Anything else,
 * negative or past uint64 gives '' (an invalid time the span check reports).
 */
export function nanosFromJson(value: unknown): string {
  if (typeof value === 'string') {
    if (!DECIMAL.test(value)) return '';
    const n = BigInt(value);
    return n <= MAX_UINT64 ? n.toString() : '';
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value).toString();
  return '';
}
