import type { NodeMatcher } from './filter-ast';

/** Whether a service-map node is the one `service(..)`/`edge(..)` names; an absent field matches anything. */
export function matchesNode({ name, type }: NodeMatcher, nodeName: string, nodeType: string | undefined): boolean {
  return (name === undefined || nodeName === name) && (type === undefined || nodeType === type);
}

/** Matches every node: `service() {..}`, or every call when linking a whole trace. */
export const ANY_NODE: NodeMatcher = Object.freeze({});
