// Test fixture (not exported): the Map/Set linking that linkTraceCalls replaced (commit 10c94c4),
// kept as the reference the allocation-free walk in trace-calls.ts is checked against.
import { inferredNodeOf, serviceOf, type ServiceNode } from '../graph/service-node';
import {
  missesDownstreamSegment,
  type HttpData,
  type OutcomeFlags,
  type SegmentSenders,
} from '@cruddur/xray-contracts';
import type { SegmentRecord } from '../store/segment-record';
import type { StoredTrace } from '../store/stored-trace';

/** TraceCall as it was. */
interface ReferenceCall extends OutcomeFlags {
  readonly caller: ServiceNode;
  readonly callee: ServiceNode;
  /** No downstream segment: the callee is the node inferred from the calling subsegment. */
  readonly inferred: boolean;
  /** An inferred call whose callee should have sent a segment. */
  readonly missingDownstream: boolean;
  readonly startTime: number;
  readonly endTime: number | undefined;
  readonly http: HttpData | undefined;
}

/** Streamed subsegments can chain; a bound keeps a malicious parent_id cycle from looping. */
const MAX_OWNER_HOPS = 64;

function ownerOf(records: readonly SegmentRecord[], id: string, hops = 0): ServiceNode | undefined {
  if (hops > MAX_OWNER_HOPS) return undefined;
  for (const r of records) {
    if (!r.hasId(id) && !r.hasSubsegmentId(id)) continue;
    if (r.kind === 'segment') return serviceOf(r);
    return r.parentId === undefined ? undefined : ownerOf(records, r.parentId, hops + 1);
  }
  return undefined;
}

/**
 * Calls of one trace, linked as the service graph links them (see graph/trace-links.ts): a
 * calling subsegment points at the segment whose parent_id is its id, or at an inferred node;
 * a segment whose parent is not a calling subsegment is called by the parent's owner.
 */
export function referenceLinkTraceCalls(trace: StoredTrace, senders: SegmentSenders): ReferenceCall[] {
  const records = trace.segments;
  const childByParent = new Map<string, SegmentRecord>();
  for (const r of records)
    if (r.kind === 'segment' && r.parentId !== undefined && !childByParent.has(r.parentId))
      childByParent.set(r.parentId, r);

  const calls: ReferenceCall[] = [];
  const claimed = new Set<SegmentRecord>();
  for (const r of records) {
    const caller =
      r.kind === 'segment' ? serviceOf(r) : r.parentId === undefined ? undefined : ownerOf(records, r.parentId);
    if (caller === undefined) continue;
    for (const site of r.callSites) {
      const child = childByParent.get(site.id);
      if (child !== undefined) claimed.add(child);
      calls.push({
        caller,
        callee: child === undefined ? inferredNodeOf(site) : serviceOf(child),
        inferred: child === undefined,
        missingDownstream: child === undefined && missesDownstreamSegment(site, senders),
        error: site.error,
        throttle: site.throttle,
        fault: site.fault,
        startTime: site.startTime,
        endTime: site.endTime,
        http: site.http,
      });
    }
  }
  for (const child of childByParent.values()) {
    if (claimed.has(child)) continue;
    const caller = ownerOf(records, child.parentId ?? '');
    if (caller === undefined) continue;
    calls.push({
      caller,
      callee: serviceOf(child),
      inferred: false,
      missingDownstream: false,
      error: child.error,
      throttle: child.throttle,
      fault: child.fault,
      startTime: child.startTime,
      endTime: child.endTime,
      http: child.http,
    });
  }
  return calls;
}
