/**
 * Whether a root's embedded epoch is within `maxSkewSeconds` of now. A root from days ago (or
 * the future) names no trace anyone can still see: backends drop such segments as expired.
 * Only for headers arriving at the edge; OpenTelemetry's random W3C trace ids do not encode a
 * time, so nothing else may rely on this.
 */
export function isPlausibleRoot(root: string, nowMs: number = Date.now(), maxSkewSeconds = 3600): boolean {
  const epoch = parseInt(root.slice(2, 10), 16);
  return Math.abs(nowMs / 1000 - epoch) <= maxSkewSeconds;
}
