import type { HistogramEntry } from '@cruddur/xray-contracts';

/**
 * Bucket for a response time in seconds: two significant digits, never finer than 1 ms. That keeps
 * a histogram to a few dozen entries per decade whatever the traffic, and the result is rounded to
 * whole microseconds so equal buckets are equal doubles (usable as Map keys).
 */
export function histogramBucket(seconds: number): number {
  if (!(seconds > 0)) return 0;
  const step = Math.max(10 ** (Math.floor(Math.log10(seconds)) - 1), 0.001);
  return Math.round(Math.round(seconds / step) * step * 1e6) / 1e6;
}

/** Counts per bucket; weights may be negative so a provisional contribution can be taken back. */
export class ResponseTimeHistogram {
  private readonly counts = new Map<number, number>();

  add(seconds: number, weight: number): void {
    const bucket = histogramBucket(seconds);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + weight);
  }

  mergeInto(target: ResponseTimeHistogram): void {
    for (const [bucket, count] of this.counts) target.counts.set(bucket, (target.counts.get(bucket) ?? 0) + count);
  }

  entries(): HistogramEntry[] {
    return [...this.counts]
      .filter(([, count]) => count > 0)
      .sort(([a], [b]) => a - b)
      .map(([Value, Count]) => ({ Value, Count }));
  }
}
