/**
 * Seconds as the map prints them: milliseconds under a second (two significant digits for small
 * ones), else seconds; "-" when unknown. Rounded to whole microseconds first, so float noise
 * (0.00099999) does not print as "1.00 ms" next to "1.0 ms".
 */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '-';
  const ms = Math.round(seconds * 1e6) / 1e3;
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
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
