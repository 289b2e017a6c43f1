import type { BucketSummary } from './bucket-summary';
import type { SegmentRecord } from './segment-record';
import { StoredTrace } from './stored-trace';
import { TraceTimeIndex } from './trace-time-index';

export interface TraceStoreOptions {
  maxTraces: number;
  maxAgeSeconds: number;
  /** Epoch seconds; injectable for tests. */
  clock?: () => number;
}

export interface TraceStoreCounters {
  traces: number;
  segments: number;
  evictedByCount: number;
  evictedByAge: number;
}

/** `expired`: the document's trace is older than maxAgeSeconds and would be evicted at once. */
export type StoreOutcome = 'added' | 'replaced' | 'ignored' | 'expired';

export type EvictionListener = (trace: StoredTrace) => void;

/**
 * Segments assembled into traces by trace id, in any arrival order, bounded by count and age
 * (oldest trace start time evicted first). Streamed subsegments are kept as their own documents
 * and attached to their parent when a trace is read, which makes arrival order irrelevant.
 */
export class TraceStore {
  private readonly traces = new Map<string, StoredTrace>();
  private readonly index = new TraceTimeIndex();
  private readonly clock: () => number;
  private readonly listeners: EvictionListener[] = [];
  /**
   * The last id looked up and its trace (undefined: none), kept equal to `traces` for that id:
   * ingest asks for a document's trace (to share its id string) and then adds the document, and
   * a trace's documents mostly come one after another. Each lookup in the 100,000-entry table
   * misses the cache on the entries it compares.
   */
  private lastId: string | undefined;
  private lastTrace: StoredTrace | undefined;
  private segmentCount = 0;
  private evictedByCount = 0;
  private evictedByAge = 0;

  constructor(private readonly options: TraceStoreOptions) {
    this.clock = options.clock ?? (() => Date.now() / 1000);
  }

  /** `now`: the clock's reading, when the caller has one for this document already. */
  add(record: SegmentRecord, now: number = this.clock()): StoreOutcome {
    if (record.startTime < now - this.options.maxAgeSeconds) return 'expired';
    let trace = this.get(record.traceId);
    const isNew = trace === undefined;
    if (trace === undefined) {
      trace = new StoredTrace(record.traceId);
      this.traces.set(record.traceId, trace);
      this.lastTrace = trace;
    }
    const previousStart = trace.startTime;
    const outcome = trace.put(record, now);
    if (outcome === 'added') this.segmentCount++;
    if (isNew) this.index.add(trace);
    else if (outcome !== 'ignored') this.index.update(trace, previousStart, record);
    this.evict(now);
    return outcome;
  }

  get(traceId: string): StoredTrace | undefined {
    if (traceId === this.lastId) return this.lastTrace;
    const trace = this.traces.get(traceId);
    this.lastId = traceId;
    this.lastTrace = trace;
    return trace;
  }

  /** Stored traces among `traceIds` (BatchGetTraces), in request order; unknown ids are skipped. */
  getMany(traceIds: readonly string[]): StoredTrace[] {
    const out: StoredTrace[] = [];
    for (const id of traceIds) {
      const trace = this.traces.get(id);
      if (trace !== undefined) out.push(trace);
    }
    return out;
  }

  /**
   * Traces whose start time is in [start, end] (epoch seconds), newest first, without a full scan;
   * with `mayMatch`, only those of the one-second buckets whose summary it accepts.
   */
  inTimeRange(
    start: number,
    end: number,
    mayMatch?: (summary: BucketSummary) => boolean,
  ): IterableIterator<StoredTrace> {
    return this.index.newestFirst(start, end, mayMatch);
  }

  /** The number of traces {@link inTimeRange} yields, without walking them. */
  countInTimeRange(start: number, end: number): number {
    return this.index.countInRange(start, end);
  }

  /** Every stored trace (used to compact the segment log). */
  all(): IterableIterator<StoredTrace> {
    return this.traces.values();
  }

  /** Drops traces past maxAgeSeconds; also runs on every add, call it from a timer when idle. */
  evictExpired(): void {
    this.evict(this.clock());
  }

  onEvict(listener: EvictionListener): void {
    this.listeners.push(listener);
  }

  counters(): TraceStoreCounters {
    return {
      traces: this.traces.size,
      segments: this.segmentCount,
      evictedByCount: this.evictedByCount,
      evictedByAge: this.evictedByAge,
    };
  }

  private evict(now: number): void {
    const cutoff = now - this.options.maxAgeSeconds;
    for (let oldest = this.index.oldest(); oldest !== undefined; oldest = this.index.oldest()) {
      if (oldest.startTime < cutoff) this.evictedByAge++;
      else if (this.traces.size > this.options.maxTraces) this.evictedByCount++;
      else return;
      this.remove(oldest);
    }
  }

  private remove(trace: StoredTrace): void {
    this.traces.delete(trace.id);
    if (trace.id === this.lastId) this.lastTrace = undefined;
    this.index.remove(trace, trace.startTime);
    this.segmentCount -= trace.segments.length;
    for (const listener of this.listeners) listener(trace);
  }
}
