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

/**
 * What the trace's link state knows of one id: a document's, a nested subsegment's, or a parent
 * id some downstream segment names. One table of these, looked up once per id and step: separate
 * tables of owners, calls, children and counted documents were four allocations per trace and
 * three or four lookups of each id (a fresh string, compared in full in every table).
 */
class IdState {
  /** Service owning the id (the document or nested subsegment with it has arrived). */
  owner: ServiceNode | undefined = undefined;
  /** The completed calling subsegment with this id. */
  call: CallEntry | undefined = undefined;
  /** The first downstream segment whose parent is this id. */
  child: ChildEntry | undefined = undefined;
  /** The completed document with this id is counted, so a re-sent copy is not counted twice. */
  counted = false;
  /** The document with this id was last seen in progress. */
  open = false;
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
  private readonly ids = new Map<string, IdState>();
  /** Streamed subsegments whose parent's owner is not known yet, by parent id (made on first use: most traces have none). */
  private waiting: Map<string, SegmentRecord[]> | undefined;
  /** For {@link isComplete}: documents still in progress, unlinked children, traced calls still inferred. */
  private openDocuments = 0;
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
      this.openDocuments === 0
    );
  }

  /**
   * Ids of the documents counted so far, packed as consecutive 16-char ids in one flat string:
   * `+=` made a tree of cons strings that kept every id string alive with it.
   */
  countedIds(): string {
    const ids: string[] = [];
    // forEach: an entries() loop made a [key, value] pair per id.
    this.ids.forEach((state, id) => {
      if (state.counted) ids.push(id);
    });
    return ids.join('');
  }

  // A record's ids are made as strings on every read (they are held packed): each is read once here.
  ingest(record: SegmentRecord): void {
    const id = record.id;
    const state = this.stateOf(id);
    if (completed(record)) {
      if (state.open) {
        state.open = false;
        this.openDocuments--;
      }
    } else if (!state.open) {
      state.open = true;
      this.openDocuments++;
    }
    if (record.kind === 'segment') this.ingestSegment(record, id, state);
    else this.ingestSubsegment(record, id, state);
  }

  private stateOf(id: string): IdState {
    let state = this.ids.get(id);
    if (state === undefined) this.ids.set(id, (state = new IdState()));
    return state;
  }

  private ingestSegment(record: SegmentRecord, id: string, state: IdState): void {
    const service = serviceOf(record);
    if (completed(record) && !state.counted) {
      state.counted = true;
      // One copy serves every count: the sink then reads plain fields, not a record's getters.
      const timed = timedOutcome(record);
      this.sink.addNode(service, timed, 1);
      const parentId = record.parentId;
      if (parentId === undefined) {
        this.rootCounted = true;
        this.sink.addEdge(CLIENT_NODE, service, timed, 1);
      } else this.linkChild(parentId, { service, record: timed, linked: false });
      const sites = record.callSites;
      for (let i = 0; i < sites.length; i++) this.addCall(service, sites[i]);
    }
    this.own(record, id, state, service);
  }

  private ingestSubsegment(record: SegmentRecord, id: string, state: IdState): void {
    const parentId = record.parentId ?? '';
    const owner = this.ids.get(parentId)?.owner;
    if (owner === undefined) {
      const waiting = (this.waiting ??= new Map());
      const list = waiting.get(parentId);
      if (list === undefined) waiting.set(parentId, [record]);
      else list.push(record);
      return;
    }
    if (completed(record) && !state.counted) {
      state.counted = true;
      const sites = record.callSites;
      for (let i = 0; i < sites.length; i++) this.addCall(owner, sites[i]);
    }
    this.own(record, id, state, owner);
  }

  /** Records who owns the document's ids (`id` is its own), links waiting children and releases waiting subsegments. */
  private own(record: SegmentRecord, id: string, state: IdState, service: ServiceNode): void {
    this.ownId(id, state, service);
    const count = record.subsegmentCount;
    for (let n = 0; n < count; n++) {
      const subsegmentId = record.subsegmentId(n);
      this.ownId(subsegmentId, this.stateOf(subsegmentId), service);
    }
  }

  private ownId(id: string, state: IdState, service: ServiceNode): void {
    if (state.owner !== undefined) return;
    state.owner = service;
    const child = state.child;
    if (child !== undefined && !child.linked && state.call === undefined) {
      child.linked = true;
      this.unlinkedChildren--;
      this.sink.addEdge(service, child.service, child.record, 1);
    }
    const waiting = this.waiting?.get(id);
    if (waiting !== undefined) {
      this.waiting?.delete(id);
      for (const record of waiting) {
        const waitingId = record.id;
        this.ingestSubsegment(record, waitingId, this.stateOf(waitingId));
      }
    }
  }

  private addCall(caller: ServiceNode, site: CallSite): void {
    if (!completed(site)) return;
    const state = this.stateOf(site.id);
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

  private linkChild(parentId: string, child: ChildEntry): void {
    const state = this.stateOf(parentId);
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
