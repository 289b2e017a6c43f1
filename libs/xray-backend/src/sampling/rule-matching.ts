import { type SamplingRule, wildcardMatch } from '@cruddur/xray-contracts';
import { DEFAULT_RULE_NAME } from './sampling-rule';

/** What the SDK knows about a request when it picks a rule; absent fields do not constrain. */
export interface SamplingRequest {
  readonly serviceName?: string;
  readonly serviceType?: string;
  readonly host?: string;
  readonly httpMethod?: string;
  readonly urlPath?: string;
}

/** Rule order the SDKs use: ascending Priority, then RuleName (code-unit order). */
export function compareRules(a: SamplingRule, b: SamplingRule): number {
  if (a.Priority !== b.Priority) return a.Priority - b.Priority;
  return a.RuleName < b.RuleName ? -1 : a.RuleName > b.RuleName ? 1 : 0;
}

/**
 * The Node SDK's `SamplingRule.match`: Default matches everything; other rules glob-match each
 * field the request has. ResourceARN and Attributes are not matched (the SDK does not either).
 */
export function ruleMatches(rule: SamplingRule, request: SamplingRequest): boolean {
  if (rule.RuleName === DEFAULT_RULE_NAME) return true;
  const field = (pattern: string, value: string | undefined) => value === undefined || wildcardMatch(pattern, value);
  return (
    field(rule.ServiceName, request.serviceName) &&
    field(rule.ServiceType, request.serviceType) &&
    field(rule.Host, request.host) &&
    field(rule.HTTPMethod, request.httpMethod) &&
    field(rule.URLPath, request.urlPath)
  );
}

/** The first matching rule of `rules`, which must be sorted with `compareRules`. */
export function matchSamplingRule(rules: readonly SamplingRule[], request: SamplingRequest): SamplingRule | undefined {
  return rules.find((rule) => ruleMatches(rule, request));
}
