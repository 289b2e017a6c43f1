import { BucketSummary } from './bucket-summary';
import type { SegmentRecord } from './segment-record';
import type { StoredTrace } from './stored-trace';

/**
 * The traces of one second in the order they joined, and what they may contain. A trace that
 * leaves leaves a hole (its slot is {@link StoredTrace.timeSlot}), so joining and leaving are an
 * array write each: a Set per bucket cost a hash lookup that missed the cache on every add and
 * eviction, and grew its table by rehashing ~12 times a second at 50,000 segments/s.
 */
class TimeBucket {
  readonly traces: (StoredTrace | undefined)[] = [];
  readonly summary = new BucketSummary();
  /** Traces held (slots that are no hole). */
  size = 0;
  /** Slots before this one are holes: where {@link TraceTimeIndex.oldest} looks first. */
  head = 0;

  has(trace: StoredTrace): boolean {
    return this.traces[trace.timeSlot] === trace;
  }

  add(trace: StoredTrace): void {
    if (this.has(trace)) return;
    trace.timeSlot = this.traces.length;
    this.traces.push(trace);
    this.size++;
  }

  delete(trace: StoredTrace): boolean {
    if (!this.has(trace)) return false;
    this.traces[trace.timeSlot] = undefined;
    this.size--;
    // Mostly traces leave from the head (eviction); others (moved to an earlier second) leave
    // holes that are squeezed out once they are half the slots.
    if (this.traces.length - this.size > 64 && 2 * this.size < this.traces.length) this.compact();
    return true;
  }

  /** The first trace still held, in joining order. */
  first(): StoredTrace | undefined {
    const traces = this.traces;
    while (this.head < traces.length && traces[this.head] === undefined) this.head++;
    return traces[this.head];
  }

  private compact(): void {
    const traces = this.traces;
    let kept = 0;
    for (let i = this.head; i < traces.length; i++) {
      const trace = traces[i];
      if (trace === undefined) continue;
      trace.timeSlot = kept;
      traces[kept++] = trace;
    }
    traces.length = kept;
    this.head = 0;
  }
}

/**
 * Traces by start time in one-second buckets with the bucket keys kept sorted, so range queries
 * and oldest-first eviction touch only the buckets they need instead of scanning every trace.
 * Traces arrive roughly in time order, so inserting a new key is almost always an append. Each
 * bucket keeps a summary of its traces' records, so a filter scan can skip buckets whose traces
 * cannot match (issue #7: 100,000 traces in < 100 ms).
 */
export class TraceTimeIndex {
  private readonly buckets = new Map<number, TimeBucket>();
  private readonly keys: number[] = [];

  /** Adds a trace at its start time; its bucket's summary learns all of its records. */
  add(trace: StoredTrace): void {
    const key = Math.floor(trace.startTime);
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = new TimeBucket();
      this.buckets.set(key, bucket);
      this.keys.splice(this.upperBound(key), 0, key);
    }
    bucket.add(trace);
    const records = trace.segments;
    for (let i = 0; i < records.length; i++) bucket.summary.add(records[i]);
  }

  /** After `trace` took `record` (its start time was `from`): moves it if its bucket changed, else only the record is summarised. */
  update(trace: StoredTrace, from: number, record: SegmentRecord): void {
    if (Math.floor(from) !== Math.floor(trace.startTime)) {
      this.remove(trace, from);
      this.add(trace);
    } else this.buckets.get(Math.floor(from))?.summary.add(record);
  }

  remove(trace: StoredTrace, time: number): void {
    const key = Math.floor(time);
    const bucket = this.buckets.get(key);
    if (bucket === undefined || !bucket.delete(trace) || bucket.size > 0) return;
    this.buckets.delete(key);
    this.keys.splice(this.upperBound(key) - 1, 1);
  }

  /**
   * The first trace (in joining order) of the earliest bucket: oldest to one-second precision.
   * Exactness inside the bucket is not worth a scan of it on every eviction.
   */
  oldest(): StoredTrace | undefined {
    if (this.keys.length === 0) return undefined;
    return this.buckets.get(this.keys[0])?.first();
  }

  /**
   * Traces with start time in [start, end], newest first; ties (same microsecond) by trace id, so
   * the order is exactly the GetTraceSummaries page-key order and a walk can stop early. Buckets
   * whose summary `mayMatch` rejects are skipped: none of their traces would be selected.
   */
  *newestFirst(
    start: number,
    end: number,
    mayMatch?: (summary: BucketSummary) => boolean,
  ): IterableIterator<StoredTrace> {
    const first = Math.floor(start);
    for (let i = this.upperBound(end) - 1; i >= 0 && this.keys[i] >= first; i--) {
      const bucket = this.buckets.get(this.keys[i]);
      if (bucket === undefined || (mayMatch !== undefined && !mayMatch(bucket.summary))) continue;
      const inRange: StoredTrace[] = [];
      for (const t of bucket.traces) if (t !== undefined && t.startTime >= start && t.startTime <= end) inRange.push(t);
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
      else for (const t of bucket.traces) if (t !== undefined && t.startTime >= start && t.startTime <= end) count++;
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
