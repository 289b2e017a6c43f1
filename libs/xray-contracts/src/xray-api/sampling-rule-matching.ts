import { wildcardMatch } from '../wildcard';
import type { SamplingRule } from './sampling-types';

/** The rule X-Ray keeps in every account (1 request a second, then 5%); it matches every request. */
export const DEFAULT_RULE_NAME = 'Default';

/** The rule fields a sampling decision reads: the order and the patterns. */
export type MatchableSamplingRule = Pick<
  SamplingRule,
  'RuleName' | 'Priority' | 'ServiceName' | 'ServiceType' | 'Host' | 'HTTPMethod' | 'URLPath'
>;

/** What an SDK knows about a request when it picks a rule; absent (or empty) fields do not constrain. */
export interface SamplingRequest {
  readonly serviceName?: string;
  readonly serviceType?: string;
  readonly host?: string;
  readonly httpMethod?: string;
  readonly urlPath?: string;
}

/** Rule order the SDKs use: ascending Priority, then RuleName (code-unit order). */
export function compareRules(a: MatchableSamplingRule, b: MatchableSamplingRule): number {
  if (a.Priority !== b.Priority) return a.Priority - b.Priority;
  return a.RuleName < b.RuleName ? -1 : a.RuleName > b.RuleName ? 1 : 0;
}

/**
 * The SDKs' rule match, shared by the daemon (which rule a request falls under) and our client
 * sampler: Default matches everything; other rules glob-match each field the request has (an
 * empty field counts as absent, as the Node SDK tests `!value`). ResourceARN and Attributes are
 * not matched (the SDKs do not either).
 */
export function ruleMatches(rule: MatchableSamplingRule, request: SamplingRequest): boolean {
  if (rule.RuleName === DEFAULT_RULE_NAME) return true;
  return (
    field(rule.ServiceName, request.serviceName) &&
    field(rule.ServiceType, request.serviceType) &&
    field(rule.Host, request.host) &&
    field(rule.HTTPMethod, request.httpMethod) &&
    field(rule.URLPath, request.urlPath)
  );
}

/**
 * One field of a rule against the request's. Asked on every sampling decision in every service:
 * a `*` (most fields of most rules) matches without lower-casing anything.
 */
function field(pattern: string, value: string | undefined): boolean {
  return pattern === '*' || !value || wildcardMatch(pattern, value);
}

/** The first matching rule of `rules`, which must be sorted with `compareRules`. */
export function matchSamplingRule<R extends MatchableSamplingRule>(
  rules: readonly R[],
  request: SamplingRequest,
): R | undefined {
  return rules.find((rule) => ruleMatches(rule, request));
}
