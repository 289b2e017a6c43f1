/** Seconds as the map prints them: milliseconds under a second, else seconds; "-" when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '-';
  if (seconds < 0.001) return `${(seconds * 1000).toFixed(2)} ms`;
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
}

/** A rate with one decimal below 100 (so "0.3/min" is not rounded away). */
export function formatRate(perMinute: number): string {
  return `${perMinute < 100 ? perMinute.toFixed(1) : Math.round(perMinute)}/min`;
}

/** A share in 0..1 as a percentage with at most one decimal. */
export function formatPercent(share: number): string {
  const percent = share * 100;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}
