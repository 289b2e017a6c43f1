import type { HistogramEntry } from '@cruddur/xray-contracts';

/** Powers of ten from 10^LOWEST_DECADE s, and each decade's bucket step (as {@link histogramBucket} makes it). */
const LOWEST_DECADE = -4;
const POWERS: number[] = [];
const STEPS: number[] = [];
for (let decade = LOWEST_DECADE; decade <= 7; decade++) {
  POWERS.push(10 ** decade);
  STEPS.push(Math.max(10 ** (decade - 1), 0.001));
}
/**
 * How far from a power of ten a time must be for comparisons to give floor(log10) (relative):
 * log10 is then more than 4e-10 away from an integer, far beyond Math.log10's error of an ulp.
 */
const MARGIN = 1e-9;

/**
 * The bucket of a response time in whole microseconds: what {@link histogramBucket} gives, times
 * 1e6, as an integer (a small integer for any time under ~17 minutes, so a cheap Map key: the
 * bucket as a double was a heap number per call). Times clear of a power of ten find their decade
 * by comparisons: Math.log10 and `**` were ~1.5% of the daemon's CPU at 40,000 segments/s.
 */
function bucketMicros(seconds: number): number {
  if (!(seconds > 0)) return 0;
  let step = -1;
  for (let i = 0; i < POWERS.length - 1; i++) {
    if (seconds < POWERS[i + 1] * (1 - MARGIN)) {
      if (seconds > POWERS[i] * (1 + MARGIN)) step = STEPS[i];
      break;
    }
  }
  if (step < 0) step = Math.max(10 ** (Math.floor(Math.log10(seconds)) - 1), 0.001);
  return Math.round(Math.round(seconds / step) * step * 1e6);
}

/**
 * Bucket for a response time in seconds: two significant digits, never finer than 1 ms. That keeps
 * a histogram to a few dozen entries per decade whatever the traffic, and the result is rounded to
 * whole microseconds so equal buckets are equal doubles.
 */
export function histogramBucket(seconds: number): number {
  return bucketMicros(seconds) / 1e6;
}

/** Counts per bucket (keyed in microseconds); weights may be negative so a provisional contribution can be taken back. */
export class ResponseTimeHistogram {
  private readonly counts = new Map<number, number>();

  add(seconds: number, weight: number): void {
    const bucket = bucketMicros(seconds);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + weight);
  }

  mergeInto(target: ResponseTimeHistogram): void {
    for (const [bucket, count] of this.counts) target.counts.set(bucket, (target.counts.get(bucket) ?? 0) + count);
  }

  entries(): HistogramEntry[] {
    return [...this.counts]
      .filter(([, count]) => count > 0)
      .sort(([a], [b]) => a - b)
      .map(([micros, Count]) => ({ Value: micros / 1e6, Count }));
  }
}
