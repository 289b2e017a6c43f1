import type { StoredTrace } from './stored-trace';

/**
 * Traces by start time in one-second buckets with the bucket keys kept sorted, so range queries
 * and oldest-first eviction touch only the buckets they need instead of scanning every trace.
 * Traces arrive roughly in time order, so inserting a new key is almost always an append.
 */
export class TraceTimeIndex {
  private readonly buckets = new Map<number, Set<StoredTrace>>();
  private readonly keys: number[] = [];

  add(trace: StoredTrace, time: number): void {
    const key = Math.floor(time);
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = new Set();
      this.buckets.set(key, bucket);
      this.keys.splice(this.upperBound(key), 0, key);
    }
    bucket.add(trace);
  }

  remove(trace: StoredTrace, time: number): void {
    const key = Math.floor(time);
    const bucket = this.buckets.get(key);
    if (bucket === undefined || !bucket.delete(trace) || bucket.size > 0) return;
    this.buckets.delete(key);
    this.keys.splice(this.upperBound(key) - 1, 1);
  }

  /**
   * A trace from the earliest bucket: oldest to one-second precision. Exactness inside the bucket
   * is not worth a scan of it on every eviction.
   */
  oldest(): StoredTrace | undefined {
    if (this.keys.length === 0) return undefined;
    return this.buckets.get(this.keys[0])?.values().next().value;
  }

  /**
   * Traces with start time in [start, end], newest first; ties (same microsecond) by trace id, so
   * the order is exactly the GetTraceSummaries page-key order and a walk can stop early.
   */
  *newestFirst(start: number, end: number): IterableIterator<StoredTrace> {
    const first = Math.floor(start);
    for (let i = this.upperBound(end) - 1; i >= 0 && this.keys[i] >= first; i--) {
      const bucket = this.buckets.get(this.keys[i]);
      if (bucket === undefined) continue;
      const inRange = [...bucket].filter((t) => t.startTime >= start && t.startTime <= end);
      inRange.sort(newestFirstOrder);
      yield* inRange;
    }
  }

  /** How many traces start in [start, end]: whole buckets by size, only the two edge buckets scanned. */
  countInRange(start: number, end: number): number {
    const first = Math.floor(start);
    let count = 0;
    for (let i = this.upperBound(end) - 1; i >= 0 && this.keys[i] >= first; i--) {
      const key = this.keys[i];
      const bucket = this.buckets.get(key);
      if (bucket === undefined) continue;
      if (key >= start && key + 1 <= end) count += bucket.size;
      else for (const t of bucket) if (t.startTime >= start && t.startTime <= end) count++;
    }
    return count;
  }

  /** Index of the first key greater than `value`. */
  private upperBound(value: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Start time in whole microseconds: the precision page keys carry. */
export function startMicros(trace: StoredTrace): number {
  return Math.round(trace.startTime * 1e6);
}

function newestFirstOrder(a: StoredTrace, b: StoredTrace): number {
  return startMicros(b) - startMicros(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
