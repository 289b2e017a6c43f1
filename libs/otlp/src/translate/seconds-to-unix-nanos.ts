/**
 * int64 nanoseconds as a decimal string from X-Ray's float epoch seconds: the reverse of
 * unixNanosToSeconds, to the microsecond (what a double holds of a time this century; digits
 * below are noise of the float, written as zeros).
 */
export function secondsToUnixNanos(seconds: number): string {
  if (!(seconds > 0)) return '0';
  return `${Math.round(seconds * 1e6)}000`;
}
