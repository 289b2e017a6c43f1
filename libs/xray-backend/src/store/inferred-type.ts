import type { CallSite } from './segment-record';

/**
 * The type of the node X-Ray infers for a call with no instrumented downstream: `AWS::<name>`
 * for AWS SDK calls and "remote" otherwise.
 */
export function inferredTypeOf(site: Pick<CallSite, 'name' | 'namespace'>): string {
  return site.namespace === 'aws' ? `AWS::${site.name}` : 'remote';
}
