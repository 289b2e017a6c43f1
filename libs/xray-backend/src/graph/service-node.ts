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
  return { key: `service\u0000${record.name}\u0000${record.origin ?? ''}`, name: record.name, type: record.origin, kind: 'service' };
}

/**
 * The node X-Ray infers for a call with no instrumented downstream: named after the subsegment,
 * typed `AWS::<name>` for AWS SDK calls and "remote" otherwise.
 */
export function inferredNodeOf(site: CallSite): ServiceNode {
  const type = site.namespace === 'aws' ? `AWS::${site.name}` : 'remote';
  return { key: `inferred\u0000${site.name}\u0000${type}`, name: site.name, type, kind: 'inferred' };
}
