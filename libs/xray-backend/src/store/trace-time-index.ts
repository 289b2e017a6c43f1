import { BucketSummary } from './bucket-summary';
import type { SegmentRecord } from './segment-record';
import type { StoredTrace } from './stored-trace';

/** The traces of one second, and what they may contain. */
interface TimeBucket {
  readonly traces: Set<StoredTrace>;
  readonly summary: BucketSummary;
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
  /** {@link oldest}'s walk through the first bucket's traces, and the trace it gave last. */
  private readonly oldestWalk = new OldestWalk();

  /** Adds a trace at its start time; its bucket's summary learns all of its records. */
  add(trace: StoredTrace): void {
    const key = Math.floor(trace.startTime);
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { traces: new Set(), summary: new BucketSummary() };
      this.buckets.set(key, bucket);
      this.keys.splice(this.upperBound(key), 0, key);
    }
    bucket.traces.add(trace);
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
    if (bucket === undefined || !bucket.traces.delete(trace) || bucket.traces.size > 0) return;
    this.buckets.delete(key);
    this.keys.splice(this.upperBound(key) - 1, 1);
  }

  /**
   * The first trace (in insertion order) of the earliest bucket: oldest to one-second precision.
   * Exactness inside the bucket is not worth a scan of it on every eviction.
   *
   * Asked on every add and eviction. A fresh iterator per call walked past every trace evicted
   * from the bucket so far (V8 keeps a deleted entry's slot until the table shrinks): ~1 µs per
   * eviction with the 6,000 traces a one-second bucket holds at 25,000 segments/s. So one walk
   * goes on while the bucket is first: it moves on only once the trace it gave has left, and
   * everything before that trace has left already (traces join a bucket at its end).
   */
  oldest(): StoredTrace | undefined {
    if (this.keys.length === 0) return undefined;
    const traces = this.buckets.get(this.keys[0])?.traces;
    if (traces === undefined) return undefined;
    const walk = this.oldestWalk;
    if (walk.traces !== traces) walk.start(traces);
    else if (walk.current !== undefined && traces.has(walk.current)) return walk.current;
    return walk.next();
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
      const inRange = [...bucket.traces].filter((t) => t.startTime >= start && t.startTime <= end);
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
      if (key >= start && key + 1 <= end) count += bucket.traces.size;
      else for (const t of bucket.traces) if (t.startTime >= start && t.startTime <= end) count++;
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

/** A walk through one bucket's traces in insertion order (see {@link TraceTimeIndex.oldest}). */
class OldestWalk {
  traces: Set<StoredTrace> | undefined;
  current: StoredTrace | undefined;
  private values: IterableIterator<StoredTrace> | undefined;

  start(traces: Set<StoredTrace>): void {
    this.traces = traces;
    this.values = traces.values();
    this.current = undefined;
  }

  /** The first trace after `current` still in the bucket (a finished walk starts over: traces may have joined since). */
  next(): StoredTrace | undefined {
    const traces = this.traces;
    if (traces === undefined || this.values === undefined) return undefined;
    let step = this.values.next();
    if (step.done === true) {
      this.values = traces.values();
      step = this.values.next();
    }
    this.current = step.done === true ? undefined : step.value;
    return this.current;
  }
}

/** Start time in whole microseconds: the precision page keys carry. */
export function startMicros(trace: StoredTrace): number {
  return Math.round(trace.startTime * 1e6);
}

function newestFirstOrder(a: StoredTrace, b: StoredTrace): number {
  return startMicros(b) - startMicros(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
