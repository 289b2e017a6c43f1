import { inferredTypeOf } from '../store/inferred-type';
import type { CallSite, SegmentRecord } from '../store/segment-record';

/** A node of the service graph: an instrumented service, an inferred downstream, or the client. */
export interface ServiceNode {
  readonly key: string;
  readonly name: string;
  readonly type: string | undefined;
  readonly kind: 'service' | 'inferred' | 'client';
}

export const CLIENT_NODE: ServiceNode = { key: 'client\u0000client', name: 'client', type: 'client', kind: 'client' };

/** The service a segment belongs to: its name, typed by its `origin` when it has one. */
export function serviceOf(record: SegmentRecord): ServiceNode {
  // Shared per (name, origin): called for every document at ingest and for every record of every
  // trace a service()/edge() filter scans; building the key string each time was most of that.
  let byOrigin = serviceNodes.get(record.name);
  if (byOrigin === undefined) {
    if (serviceNodes.size >= MAX_SHARED_NODES) serviceNodes.clear();
    serviceNodes.set(record.name, (byOrigin = new Map()));
  }
  let node = byOrigin.get(record.origin);
  if (node === undefined) {
    node = Object.freeze({
      key: `service\u0000${record.name}\u0000${record.origin ?? ''}`,
      name: record.name,
      type: record.origin,
      kind: 'service' as const,
    });
    if (byOrigin.size < MAX_SHARED_NODES) byOrigin.set(record.origin, node);
  }
  return node;
}

const serviceNodes = new Map<string, Map<string | undefined, ServiceNode>>();
const MAX_SHARED_NODES = 10_000;

/**
 * The node X-Ray infers for a call with no instrumented downstream: named after the subsegment,
 * typed by {@link inferredTypeOf}.
 */
export function inferredNodeOf(site: CallSite): ServiceNode {
  const type = inferredTypeOf(site);
  return { key: `inferred\u0000${site.name}\u0000${type}`, name: site.name, type, kind: 'inferred' };
}
