import type { CallSite, SegmentRecord } from '../store/segment-record';
import type { TimedOutcome } from './call-statistics';
import { CLIENT_NODE, inferredNodeOf, serviceOf, type ServiceNode } from './service-node';

/** Where linked statistics go: the time-bucketed graph, or a one-off graph for some traces. */
export interface GraphSink {
  addNode(node: ServiceNode, call: TimedOutcome, weight: 1 | -1): void;
  addEdge(from: ServiceNode, to: ServiceNode, call: TimedOutcome, weight: 1 | -1): void;
}

/**
 * Copies only timing and outcome: link state outlives the store's hold on a trace, so it must not
 * keep segment records (and their JSON text) alive.
 */
function timedOutcome(x: TimedOutcome): TimedOutcome {
  return { startTime: x.startTime, endTime: x.endTime, error: x.error, throttle: x.throttle, fault: x.fault };
}

interface CallEntry {
  readonly caller: ServiceNode;
  readonly site: TimedOutcome;
  /** `http.request.traced`: a downstream segment is expected. */
  readonly traced: boolean;
  /** Set while the call is counted against an inferred node, until a downstream segment claims it. */
  inferred: ServiceNode | undefined;
}

interface ChildEntry {
  readonly service: ServiceNode;
  readonly record: TimedOutcome;
  linked: boolean;
}

const MUTED: GraphSink = { addNode: () => undefined, addEdge: () => undefined };

function completed<T extends { endTime: number | undefined }>(x: T): x is T & { endTime: number } {
  return x.endTime !== undefined;
}

/**
 * Links one trace's documents into service-graph statistics as they arrive, in any order.
 *
 * Edges: a caller's calling subsegment (CallSite) points at the downstream segment whose
 * `parent_id` is the subsegment's id. If the caller arrives first, the call is counted at once
 * against an inferred node named after the subsegment (provisional); when the downstream segment
 * arrives later, that contribution is taken back (weight -1) and counted on the real edge. If the
 * downstream segment arrives first, it waits in `children` and the edge is right from the start.
 * A downstream segment whose parent is a segment or a non-calling subsegment gets an edge from
 * the owning service, with its own timing (there is no calling subsegment to take it from).
 * Streamed subsegments wait until the document that owns their parent id has arrived.
 * Root segments (no parent_id) get an edge from the client.
 */
export class TraceLinks {
  /** Service owning each segment and subsegment id seen so far. */
  private readonly owners = new Map<string, ServiceNode>();
  private readonly calls = new Map<string, CallEntry>();
  private readonly children = new Map<string, ChildEntry>();
  /** Streamed subsegments whose parent's owner is not known yet, by parent id (made on first use: most traces have none). */
  private waiting: Map<string, SegmentRecord[]> | undefined;
  /** Completed documents already counted, so a re-sent copy is not counted twice. */
  private readonly counted = new Set<string>();
  /** For {@link isComplete}: documents still in progress, unlinked children, traced calls still inferred. */
  private open: Set<string> | undefined;
  private rootCounted = false;
  private unlinkedChildren = 0;
  private pendingTracedCalls = 0;

  constructor(private sink: GraphSink) {}

  /**
   * Link state rebuilt from documents already counted: replays them without touching the sink,
   * then counts into `sink` from the next document on. Replaying the same documents in the same
   * order reaches the same state, so provisional inferred edges are still taken back correctly.
   */
  static rebuilt(records: Iterable<SegmentRecord>, sink: GraphSink): TraceLinks {
    const links = new TraceLinks(MUTED);
    for (const record of records) links.ingest(record);
    links.sink = sink;
    return links;
  }

  /**
   * Nothing more is expected: the root segment is counted, every document seen has completed,
   * every downstream segment has its caller and every `traced` call its downstream segment, and
   * no streamed subsegment waits for its parent. The aggregator then drops this state (a late
   * document of the trace starts fresh state, which can only miss its link to earlier ones).
   */
  isComplete(): boolean {
    return (
      this.rootCounted &&
      (this.waiting === undefined || this.waiting.size === 0) &&
      this.unlinkedChildren === 0 &&
      this.pendingTracedCalls === 0 &&
      (this.open === undefined || this.open.size === 0)
    );
  }

  /**
   * Ids of the documents counted so far, packed as consecutive 16-char ids in one flat string:
   * `+=` made a tree of cons strings that kept every id string alive with it.
   */
  countedIds(): string {
    return [...this.counted].join('');
  }

  // A record's ids are made as strings on every read (they are held packed): each is read once here.
  ingest(record: SegmentRecord): void {
    const id = record.id;
    if (completed(record)) this.open?.delete(id);
    else (this.open ??= new Set()).add(id);
    if (record.kind === 'segment') this.ingestSegment(record, id);
    else this.ingestSubsegment(record, id);
  }

  private ingestSegment(record: SegmentRecord, id: string): void {
    const service = serviceOf(record);
    if (completed(record) && !this.counted.has(id)) {
      this.counted.add(id);
      this.sink.addNode(service, record, 1);
      const parentId = record.parentId;
      if (parentId === undefined) {
        this.rootCounted = true;
        this.sink.addEdge(CLIENT_NODE, service, record, 1);
      } else this.linkChild(parentId, { service, record: timedOutcome(record), linked: false });
      for (const site of record.callSites) this.addCall(service, site);
    }
    this.own(record, id, service);
  }

  private ingestSubsegment(record: SegmentRecord, id: string): void {
    const parentId = record.parentId ?? '';
    const owner = this.owners.get(parentId);
    if (owner === undefined) {
      const waiting = (this.waiting ??= new Map());
      const list = waiting.get(parentId);
      if (list === undefined) waiting.set(parentId, [record]);
      else list.push(record);
      return;
    }
    if (completed(record) && !this.counted.has(id)) {
      this.counted.add(id);
      for (const site of record.callSites) this.addCall(owner, site);
    }
    this.own(record, id, owner);
  }

  /** Records who owns the document's ids (`id` is its own), links waiting children and releases waiting subsegments. */
  private own(record: SegmentRecord, id: string, service: ServiceNode): void {
    this.ownId(id, service);
    const count = record.subsegmentCount;
    for (let n = 0; n < count; n++) this.ownId(record.subsegmentId(n), service);
  }

  private ownId(id: string, service: ServiceNode): void {
    if (this.owners.has(id)) return;
    this.owners.set(id, service);
    const child = this.children.get(id);
    if (child !== undefined && !child.linked && !this.calls.has(id)) {
      child.linked = true;
      this.unlinkedChildren--;
      this.sink.addEdge(service, child.service, child.record, 1);
    }
    const waiting = this.waiting?.get(id);
    if (waiting !== undefined) {
      this.waiting?.delete(id);
      for (const record of waiting) this.ingestSubsegment(record, record.id);
    }
  }

  private addCall(caller: ServiceNode, site: CallSite): void {
    if (!completed(site)) return;
    const id = site.id;
    if (this.calls.has(id)) return;
    const entry: CallEntry = { caller, site: timedOutcome(site), traced: site.traced, inferred: undefined };
    this.calls.set(id, entry);
    const child = this.children.get(id);
    if (child !== undefined && !child.linked) {
      child.linked = true;
      this.unlinkedChildren--;
      this.sink.addEdge(caller, child.service, entry.site, 1);
      return;
    }
    if (entry.traced) this.pendingTracedCalls++;
    entry.inferred = inferredNodeOf(site);
    this.sink.addNode(entry.inferred, entry.site, 1);
    this.sink.addEdge(caller, entry.inferred, entry.site, 1);
  }

  private linkChild(parentId: string, child: ChildEntry): void {
    if (this.children.has(parentId)) return; // a second downstream for one call (retry): keep the first
    this.children.set(parentId, child);
    const call = this.calls.get(parentId);
    if (call !== undefined) {
      child.linked = true;
      if (call.inferred !== undefined) {
        this.sink.addNode(call.inferred, call.site, -1);
        this.sink.addEdge(call.caller, call.inferred, call.site, -1);
        call.inferred = undefined;
        if (call.traced) this.pendingTracedCalls--;
      }
      this.sink.addEdge(call.caller, child.service, call.site, 1);
      return;
    }
    const owner = this.owners.get(parentId);
    if (owner !== undefined) {
      child.linked = true;
      this.sink.addEdge(owner, child.service, child.record, 1);
      return;
    }
    this.unlinkedChildren++;
  }
}
