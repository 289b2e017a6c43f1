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

/**
 * Nodes shared per (name, type), built once: called for every document and call at ingest and
 * for every record of every trace a service()/edge() filter scans, where building (and hashing)
 * the key string each time was most of the work. Bounded: a full table starts over.
 */
class SharedNodes {
  private readonly byName = new Map<string, Map<string | undefined, ServiceNode>>();

  constructor(private readonly kind: 'service' | 'inferred') {}

  of(name: string, type: string | undefined): ServiceNode {
    let byType = this.byName.get(name);
    if (byType === undefined) {
      if (this.byName.size >= MAX_SHARED_NODES) this.byName.clear();
      this.byName.set(name, (byType = new Map()));
    }
    let node = byType.get(type);
    if (node === undefined) {
      node = Object.freeze({ key: `${this.kind}\u0000${name}\u0000${type ?? ''}`, name, type, kind: this.kind });
      if (byType.size < MAX_SHARED_NODES) byType.set(type, node);
    }
    return node;
  }
}

const MAX_SHARED_NODES = 10_000;
const serviceNodes = new SharedNodes('service');
const inferredNodes = new SharedNodes('inferred');

/** The service a segment belongs to: its name, typed by its `origin` when it has one. */
export function serviceOf(record: SegmentRecord): ServiceNode {
  return serviceNodes.of(record.name, record.origin);
}

/**
 * The node X-Ray infers for a call with no instrumented downstream: named after the subsegment,
 * typed by {@link inferredTypeOf}.
 */
export function inferredNodeOf(site: Pick<CallSite, 'name' | 'namespace'>): ServiceNode {
  return inferredNodes.of(site.name, inferredTypeOf(site));
}
