import type { NodeMatcher } from '../filter/filter-ast';
import { ANY_NODE, matchesNode } from '../filter/node-matcher';
import type { EdgeView, ServiceRef } from '../filter/trace-view';
import { inferredNodeOf, serviceOf, type ServiceNode } from '../graph/service-node';
import {
  missesDownstreamSegment,
  type HttpData,
  type OutcomeFlags,
  type SegmentSenders,
} from '@cruddur/xray-contracts';
import { inferredTypeOf } from '../store/inferred-type';
import type { CallSite, SegmentRecord } from '../store/segment-record';
import type { StoredTrace } from '../store/stored-trace';
import { type Facts, FactsView, segmentResponseTimeBound } from './record-views';
import { TraceIndex } from './trace-index';

/** One call between services inside a trace, linked with all of the trace's documents at hand. */
export interface TraceCall extends OutcomeFlags {
  readonly caller: ServiceNode;
  readonly callee: ServiceNode;
  /** No downstream segment: the callee is the node inferred from the calling subsegment. */
  readonly inferred: boolean;
  /** An inferred call whose callee should have sent a segment ({@link missesDownstreamSegment}). */
  readonly missingDownstream: boolean;
  readonly startTime: number;
  readonly endTime: number | undefined;
  readonly http: HttpData | undefined;
}

/** A call between services of a trace, as records; filters read it as an edge. */
export interface LinkedCall extends EdgeView {
  /** The calling service's segment. */
  readonly caller: SegmentRecord;
  /** The calling subsegment; undefined for a downstream segment whose parent is no calling subsegment. */
  readonly site: CallSite | undefined;
  /** The downstream segment; undefined when the callee is the node inferred from `site`. */
  readonly callee: SegmentRecord | undefined;
  /** What describes the call: `site`, else `callee`. */
  readonly facts: Facts;
  /** An inferred call whose callee should have sent a segment ({@link missesDownstreamSegment}). */
  missingDownstream(senders: SegmentSenders): boolean;
  /**
   * Whether this is a call from `source` to `destination`: compares the ids that link it (see
   * {@link someTraceCall}, whose visitors confirm a candidate with this).
   */
  connects(source: NodeMatcher, destination: NodeMatcher): boolean;
  calleeNode(): ServiceNode;
}

/** Whether `matcher` names the node inferred from a call site. */
export function matchesInferred(matcher: NodeMatcher, site: CallSite): boolean {
  return (
    (matcher.name === undefined || matcher.name === site.name) &&
    (matcher.type === undefined || matcher.type === inferredTypeOf(site))
  );
}

/** A call from a calling subsegment, which describes it; the callee is looked up on first read. */
class SiteCall extends FactsView<CallSite> implements LinkedCall {
  /** null until looked up. */
  private calleeRecord: SegmentRecord | undefined | null = null;

  constructor(
    private readonly index: TraceIndex,
    readonly caller: SegmentRecord,
    facts: CallSite,
  ) {
    super(facts);
  }

  get site(): CallSite {
    return this.facts;
  }

  /** None cheaper than the time itself: a call site's times need not fall inside any document's. */
  get maxResponseTime(): undefined {
    return undefined;
  }

  get callee(): SegmentRecord | undefined {
    if (this.calleeRecord === null) this.calleeRecord = this.index.childOf(this.facts.id);
    return this.calleeRecord;
  }

  get inferred(): boolean {
    return this.callee === undefined;
  }

  missingDownstream(senders: SegmentSenders): boolean {
    return this.callee === undefined && missesDownstreamSegment(this.facts, senders);
  }

  get source(): ServiceRef {
    return { name: this.caller.name, type: this.caller.origin };
  }

  get destination(): ServiceRef {
    const callee = this.callee;
    return callee === undefined
      ? { name: this.facts.name, type: inferredTypeOf(this.facts) }
      : { name: callee.name, type: callee.origin };
  }

  connects(source: NodeMatcher, destination: NodeMatcher): boolean {
    if (!matchesNode(source, this.caller.name, this.caller.origin)) return false;
    const callee = this.callee;
    return callee === undefined
      ? matchesInferred(destination, this.facts)
      : matchesNode(destination, callee.name, callee.origin);
  }

  calleeNode(): ServiceNode {
    const callee = this.callee;
    return callee === undefined ? inferredNodeOf(this.facts) : serviceOf(callee);
  }
}

/**
 * A call to a downstream segment whose parent is no calling subsegment (the segment describes
 * it), from the service that owns the parent; candidates are visited before that is checked.
 */
class SegmentCall extends FactsView<SegmentRecord> implements LinkedCall {
  /** Set by {@link connects} once the call is confirmed. */
  private owner: SegmentRecord | undefined;

  constructor(
    private readonly index: TraceIndex,
    facts: SegmentRecord,
    private readonly parentId: string,
  ) {
    super(facts);
  }

  /** Read only once {@link connects} confirmed the call, as {@link someTraceCall} requires. */
  get caller(): SegmentRecord {
    return this.owner as SegmentRecord;
  }

  get site(): undefined {
    return undefined;
  }

  get maxResponseTime(): number | undefined {
    return segmentResponseTimeBound(this.index.trace);
  }

  get callee(): SegmentRecord {
    return this.facts;
  }

  get inferred(): boolean {
    return false;
  }

  missingDownstream(): boolean {
    return false;
  }

  get source(): ServiceRef {
    return { name: this.caller.name, type: this.caller.origin };
  }

  get destination(): ServiceRef {
    return { name: this.facts.name, type: this.facts.origin };
  }

  connects(source: NodeMatcher, destination: NodeMatcher): boolean {
    const { index, facts, parentId } = this;
    if (!matchesNode(destination, facts.name, facts.origin)) return false;
    // Not linked from a calling subsegment (that call is a SiteCall), and not a second downstream for one call.
    if (index.childOf(parentId) !== facts || index.isCalled(parentId)) return false;
    this.owner = index.ownerOf(parentId);
    return this.owner !== undefined && matchesNode(source, this.owner.name, this.owner.origin);
  }

  calleeNode(): ServiceNode {
    return serviceOf(this.facts);
  }
}

/**
 * Visits the candidates for calls of the trace from a `source` node to a `destination` node,
 * until `visit` returns true (then true). Calls are linked as the service graph links them (see
 * graph/trace-links.ts): a calling subsegment points at the segment whose parent_id is its id,
 * or at an inferred node; a segment whose parent is not a calling subsegment is called by the
 * parent's owner. Calls from sites come first, in record order.
 *
 * A candidate is named right but its ids are not compared yet: `visit` confirms it with
 * `call.connects(source, destination)`, and reads its caller only after that. A full filter
 * scan is bound by memory reads, and the ids are strings nothing else reads, so a filter tests
 * the call's own fields first: for most candidates that is false and the ids are never read.
 */
export function someTraceCall(
  index: TraceIndex,
  source: NodeMatcher,
  destination: NodeMatcher,
  visit: (call: LinkedCall) => boolean,
): boolean {
  const records = index.records;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    // A segment's name is at hand; its call sites are read only if it can be the caller.
    if (r.kind === 'segment' && !matchesNode(source, r.name, r.origin)) continue;
    const sites = r.callSites;
    if (sites.length === 0) continue;
    const caller = index.callerOf(r);
    if (caller === undefined || (caller !== r && !matchesNode(source, caller.name, caller.origin))) continue;
    for (let j = 0; j < sites.length; j++) if (visit(new SiteCall(index, caller, sites[j]))) return true;
  }
  for (let i = 0; i < records.length; i++) {
    const child = records[i];
    if (child.kind !== 'segment' || !child.hasParent || !matchesNode(destination, child.name, child.origin)) continue;
    // Made from the packed id only here, for a segment that can be the callee.
    const parentId = child.parentId;
    if (parentId !== undefined && visit(new SegmentCall(index, child, parentId))) return true;
  }
  return false;
}

/** Every call of the trace, in {@link someTraceCall} order. */
export function traceCalls(index: TraceIndex): LinkedCall[] {
  const calls: LinkedCall[] = [];
  someTraceCall(index, ANY_NODE, ANY_NODE, (call) => {
    if (call.connects(ANY_NODE, ANY_NODE)) calls.push(call);
    return false;
  });
  return calls;
}

/** Calls of one trace with service-graph nodes, for summaries and partial checks. */
export function linkTraceCalls(trace: StoredTrace, senders: SegmentSenders): TraceCall[] {
  return traceCalls(new TraceIndex(trace)).map((call) => ({
    caller: serviceOf(call.caller),
    callee: call.calleeNode(),
    inferred: call.inferred,
    missingDownstream: call.missingDownstream(senders),
    error: call.error,
    throttle: call.throttle,
    fault: call.fault,
    startTime: call.facts.startTime,
    endTime: call.facts.endTime,
    http: call.facts.http,
  }));
}
