import type { CallSite, SegmentRecord } from '../store/segment-record';
import type { TimedOutcome } from './call-statistics';
import { IdStates, type CallEntry, type ChildEntry, type IdState } from './id-states';
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
 * downstream segment arrives first, it waits (as the id's child) and the edge is right from the start.
 * A downstream segment whose parent is a segment or a non-calling subsegment gets an edge from
 * the owning service, with its own timing (there is no calling subsegment to take it from).
 * Streamed subsegments wait until the document that owns their parent id has arrived.
 * Root segments (no parent_id) get an edge from the client.
 */
export class TraceLinks {
  private readonly ids = new IdStates();
  /**
   * For {@link isComplete}: documents still in progress, ids that streamed subsegments wait for,
   * unlinked children, traced calls still inferred.
   */
  private openDocuments = 0;
  private waitingParents = 0;
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
      this.waitingParents === 0 &&
      this.unlinkedChildren === 0 &&
      this.pendingTracedCalls === 0 &&
      this.openDocuments === 0
    );
  }

  /**
   * Ids of the documents counted so far, packed as consecutive 16-char ids in one flat string:
   * `+=` made a tree of cons strings that kept every id string alive with it.
   */
  countedIds(): string {
    return this.ids.countedIds();
  }

  ingest(record: SegmentRecord): void {
    const state = this.ids.ofDocument(record);
    if (completed(record)) {
      if (state.open) {
        state.open = false;
        this.openDocuments--;
      }
    } else if (!state.open) {
      state.open = true;
      this.openDocuments++;
    }
    if (record.kind === 'segment') this.ingestSegment(record, state);
    else this.ingestSubsegment(record, state);
  }

  private ingestSegment(record: SegmentRecord, state: IdState): void {
    const service = serviceOf(record);
    if (completed(record) && !state.counted) {
      state.counted = true;
      // One copy serves every count: the sink then reads plain fields, not a record's getters.
      const timed = timedOutcome(record);
      this.sink.addNode(service, timed, 1);
      if (!record.hasParent) {
        this.rootCounted = true;
        this.sink.addEdge(CLIENT_NODE, service, timed, 1);
      } else this.linkChild(this.ids.ofParent(record), { service, record: timed, linked: false });
      const sites = record.callSites;
      for (let i = 0; i < sites.length; i++) this.addCall(service, sites[i]);
    }
    this.own(record, state, service);
  }

  private ingestSubsegment(record: SegmentRecord, state: IdState): void {
    const parent = this.ids.ofParent(record);
    const owner = parent.owner;
    if (owner === undefined) {
      if (parent.waiting === undefined) {
        parent.waiting = [record];
        this.waitingParents++;
      } else parent.waiting.push(record);
      return;
    }
    if (completed(record) && !state.counted) {
      state.counted = true;
      const sites = record.callSites;
      for (let i = 0; i < sites.length; i++) this.addCall(owner, sites[i]);
    }
    this.own(record, state, owner);
  }

  /** Records who owns the document's ids (`state` is its own id's), links waiting children and releases waiting subsegments. */
  private own(record: SegmentRecord, state: IdState, service: ServiceNode): void {
    this.ownId(state, service);
    const count = record.subsegmentCount;
    for (let n = 0; n < count; n++) this.ownId(this.ids.ofSubsegment(record, n), service);
  }

  private ownId(state: IdState, service: ServiceNode): void {
    if (state.owner !== undefined) return;
    state.owner = service;
    const child = state.child;
    if (child !== undefined && !child.linked && state.call === undefined) {
      child.linked = true;
      this.unlinkedChildren--;
      this.sink.addEdge(service, child.service, child.record, 1);
    }
    const waiting = state.waiting;
    if (waiting !== undefined) {
      state.waiting = undefined;
      this.waitingParents--;
      for (const record of waiting) this.ingestSubsegment(record, this.ids.ofDocument(record));
    }
  }

  private addCall(caller: ServiceNode, site: CallSite): void {
    if (!completed(site)) return;
    const state = this.ids.ofCall(site);
    if (state.call !== undefined) return;
    const entry: CallEntry = { caller, site: timedOutcome(site), traced: site.traced, inferred: undefined };
    state.call = entry;
    const child = state.child;
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

  private linkChild(state: IdState, child: ChildEntry): void {
    if (state.child !== undefined) return; // a second downstream for one call (retry): keep the first
    state.child = child;
    const call = state.call;
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
    const owner = state.owner;
    if (owner !== undefined) {
      child.linked = true;
      this.sink.addEdge(owner, child.service, child.record, 1);
      return;
    }
    this.unlinkedChildren++;
  }
}
