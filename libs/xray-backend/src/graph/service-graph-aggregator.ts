import type { SegmentRecord } from '../store/segment-record';
import { GraphBuckets } from './graph-buckets';
import type { ServiceGraph } from './service-graph-types';
import { TraceLinks } from './trace-links';

export interface ServiceGraphAggregatorOptions {
  /** Statistics older than this are dropped (match the trace store's maxAgeSeconds). */
  retentionSeconds: number;
  /** Width of a statistics bucket; a graph window is rounded out to whole buckets. */
  bucketSeconds?: number;
  /**
   * How long a trace keeps its link state after its first document: documents of the same trace
   * arriving later than this no longer re-point provisional inferred edges. Bounds memory.
   */
  linkWindowSeconds?: number;
  /** Hard cap on traces with link state, oldest dropped first. */
  maxLinkedTraces?: number;
  /** Epoch seconds; injectable for tests. */
  clock?: () => number;
}

interface LinkEntry {
  readonly traceId: string;
  readonly links: TraceLinks;
  readonly createdAt: number;
}

/** The service graph, maintained incrementally at ingest: feed it every stored document. */
export class ServiceGraphAggregator {
  private readonly buckets: GraphBuckets;
  private readonly links = new Map<string, LinkEntry>();
  /**
   * The same entries in creation order, as a queue (`head` is its first live slot). Hand-made
   * instead of iterating `links` from its start: V8 leaves a hole in a Map's table for every
   * deleted key until the table is rehashed, and each new iterator walks past all of them, which
   * made this expiry check ~5% of the daemon's CPU at 50k segments/s.
   */
  private order: LinkEntry[] = [];
  private head = 0;
  private readonly clock: () => number;
  private readonly linkWindowSeconds: number;
  private readonly maxLinkedTraces: number;
  private lastPrune = 0;

  constructor(private readonly options: ServiceGraphAggregatorOptions) {
    this.buckets = new GraphBuckets(options.bucketSeconds ?? 60);
    this.clock = options.clock ?? (() => Date.now() / 1000);
    this.linkWindowSeconds = options.linkWindowSeconds ?? 60;
    this.maxLinkedTraces = options.maxLinkedTraces ?? 20_000;
  }

  ingest(record: SegmentRecord): void {
    const now = this.clock();
    this.expire(now);
    let entry = this.links.get(record.traceId);
    if (entry === undefined) {
      entry = { traceId: record.traceId, links: new TraceLinks(this.buckets), createdAt: now };
      this.links.set(record.traceId, entry);
      this.order.push(entry);
    }
    entry.links.ingest(record);
  }

  /** GetServiceGraph for [start, end] (epoch seconds). */
  graph(start: number, end: number): ServiceGraph {
    this.expire(this.clock());
    return this.buckets.graph(start, end);
  }

  private expire(now: number): void {
    // The queue is in createdAt order: stop at the first live entry.
    const order = this.order;
    while (this.head < order.length) {
      const entry = order[this.head];
      if (entry.createdAt > now - this.linkWindowSeconds && this.links.size <= this.maxLinkedTraces) break;
      this.head++;
      // A trace whose state expired and then got a late document has a newer entry: keep that one.
      if (this.links.get(entry.traceId) === entry) this.links.delete(entry.traceId);
    }
    if (this.head > 1024 && this.head * 2 > order.length) {
      this.order = order.slice(this.head);
      this.head = 0;
    }
    if (now - this.lastPrune >= 60) {
      this.lastPrune = now;
      this.buckets.pruneBefore(now - this.options.retentionSeconds);
    }
  }
}
