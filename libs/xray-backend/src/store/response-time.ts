/**
 * A segment's or call's response time in seconds, rounded to the microsecond (the precision of
 * segment times); undefined while in progress. In store/ because bucket summaries keep bounds of
 * it that filters compare with what they read: both must round alike.
 */
export function responseTime(startTime: number, endTime: number | undefined): number | undefined {
  return endTime === undefined ? undefined : Math.round((endTime - startTime) * 1e6) / 1e6;
}
