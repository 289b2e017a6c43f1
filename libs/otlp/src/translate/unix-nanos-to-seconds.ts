/**
 * Epoch seconds, as X-Ray documents carry them (a float), from int64 nanoseconds given as a decimal
 * string. The digits are split as text, so the microseconds survive: the double nearest to
 * `<seconds>.<micros>` is exact to well under a microsecond for any date this century, whereas
 * dividing a rounded nanosecond number by 1e9 is not. Digits below the microsecond are dropped.
 */
export function unixNanosToSeconds(nanos: string): number {
  const padded = nanos.padStart(10, '0');
  const seconds = padded.slice(0, -9);
  const micros = padded.slice(-9, -3);
  return Number(`${seconds}.${micros}`);
}
