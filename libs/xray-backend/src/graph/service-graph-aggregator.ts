import type { SegmentSenders, ServiceGraph } from '@cruddur/xray-contracts';
import type { SegmentRecord } from '../store/segment-record';
import { GraphBuckets } from './graph-buckets';
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
  /**
   * The documents stored so far for a trace (the trace store's). When given, a trace's link state
   * is dropped as soon as it is complete and rebuilt from these if another document arrives.
   */
  history?: (traceId: string) => readonly SegmentRecord[] | undefined;
  /** Epoch seconds; injectable for tests. */
  clock?: () => number;
}

/**
 * A trace's place in the link window. A class, not an object literal: V8 keeps allocation sites
 * for literals only, and it pretenured this one (most entries outlive a young collection: up to
 * 20,000 traces are held). With the entries allocated in old space, each trace's fresh link state
 * survived young collections as well (dead old objects count as live to them until the next full
 * collection): ~650 B of it per segment among the survivors, none as a class. At 50,000 segments/s
 * that was 3.0 MB promoted per young collection instead of 1.2, and twice their time.
 */
class LinkEntry {
  /** Documents counted before `links` was dropped, packed 16-char ids: re-sent copies stay uncounted. */
  countedIds = '';

  constructor(
    readonly traceId: string,
    /** Dropped once the trace is fully linked ({@link TraceLinks.isComplete}). */
    public links: TraceLinks | undefined,
    readonly createdAt: number,
  ) {}
}

function containsId(packed: string, id: string): boolean {
  for (let at = packed.indexOf(id); at >= 0; at = packed.indexOf(id, at + 1)) if (at % 16 === 0) return true;
  return false;
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
  /**
   * The entry of the last document's trace: a trace's documents mostly come one after another,
   * and a lookup in the 20,000-entry table (cache misses) was the aggregator's largest cost.
   */
  private last: LinkEntry | undefined;
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

  /** `now`: the clock's reading, when the caller has one for this document already. */
  ingest(record: SegmentRecord, now: number = this.clock()): void {
    this.expire(now);
    const traceId = record.traceId;
    let entry = this.last !== undefined && this.last.traceId === traceId ? this.last : this.links.get(traceId);
    if (entry === undefined) {
      entry = new LinkEntry(traceId, new TraceLinks(this.buckets), now);
      this.links.set(traceId, entry);
      this.order.push(entry);
    } else if (entry.links === undefined) {
      if (containsId(entry.countedIds, record.id)) return;
      // The store already holds `record` (possibly replacing an in-progress copy): replay the others.
      const earlier = (this.options.history?.(record.traceId) ?? []).filter((r) => !r.sameDocument(record));
      entry.links = TraceLinks.rebuilt(earlier, this.buckets);
    }
    this.last = entry;
    const links = entry.links as TraceLinks;
    links.ingest(record);
    // Memory: link state is a table of id states per trace (it was 4 maps and a set, ~6 KB for a
    // 4-document trace); held for up to 20,000 traces that was ~120 MB of the daemon's heap with
    // 100,000 traces stored. A fully linked trace keeps only its counted ids (~100 B).
    if (this.options.history !== undefined && links.isComplete()) {
      entry.countedIds += links.countedIds();
      entry.links = undefined;
    }
  }

  /** Traces whose link state is held (not yet complete, or no history to rebuild it from). */
  linkStateCount(): number {
    let count = 0;
    for (const entry of this.links.values()) if (entry.links !== undefined) count++;
    return count;
  }

  /** GetServiceGraph for [start, end] (epoch seconds). */
  graph(start: number, end: number): ServiceGraph {
    this.expire(this.clock());
    return this.buckets.graph(start, end);
  }

  /**
   * The services that send segments: the names of the graph's instrumented nodes, those that
   * GetServiceGraph over WHOLE_GRAPH_WINDOW calls `active` (which is what the viewer reads).
   * Looked up on the first question and kept: meant for one query, most of which never ask.
   */
  segmentSenders(): SegmentSenders {
    let names: ReadonlySet<string> | undefined;
    return {
      has: (name) => {
        if (names === undefined) {
          this.expire(this.clock());
          names = this.buckets.serviceNames();
        }
        return names.has(name);
      },
    };
  }

  private expire(now: number): void {
    // The queue is in createdAt order: stop at the first live entry.
    const order = this.order;
    while (this.head < order.length) {
      const entry = order[this.head];
      if (entry.createdAt > now - this.linkWindowSeconds && this.links.size <= this.maxLinkedTraces) break;
      this.head++;
      // An entry stays in `links` until it leaves the queue here, so it is still the trace's.
      this.links.delete(entry.traceId);
      if (entry === this.last) this.last = undefined;
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
