import { compareRules, type SamplingRuleInput, wildcardMatch } from '@cruddur/xray-contracts';

/** The X-Ray SDK's local rules document (version 2). */
export interface LocalSamplingRules {
  version: 2;
  rules: Array<{
    description: string;
    host: string;
    http_method: string;
    url_path: string;
    fixed_target: number;
    rate: number;
  }>;
  default: { fixed_target: number; rate: number };
}

/** X-Ray's default when no rule matches: one request a second, then 5%. */
const DEFAULT_RULE = { fixed_target: 1, rate: 0.05 };

/** Checks a rule document and says what is wrong with it, by field. */
export function validateSamplingRuleInput(input: unknown, source: string): SamplingRuleInput {
  const rule = (input as { SamplingRule?: unknown } | null)?.SamplingRule as Record<string, unknown> | undefined;
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what} (expected the "aws xray create-sampling-rule --cli-input-json" format)`);
  };
  if (typeof rule !== 'object' || rule === null) fail('missing "SamplingRule" object');
  const r = rule as Record<string, unknown>;
  for (const key of ['RuleName', 'ResourceARN', 'ServiceName', 'ServiceType', 'Host', 'HTTPMethod', 'URLPath']) {
    if (typeof r[key] !== 'string' || (r[key] as string).length === 0)
      fail(`SamplingRule.${key} must be a non-empty string`);
  }
  if (typeof r.FixedRate !== 'number' || r.FixedRate < 0 || r.FixedRate > 1)
    fail('SamplingRule.FixedRate must be a number in 0..1');
  if (!Number.isInteger(r.ReservoirSize) || (r.ReservoirSize as number) < 0)
    fail('SamplingRule.ReservoirSize must be an integer >= 0');
  if (!Number.isInteger(r.Priority) || (r.Priority as number) < 1 || (r.Priority as number) > 9999)
    fail('SamplingRule.Priority must be 1..9999');
  if (r.Version !== 1) fail('SamplingRule.Version must be 1');
  return input as SamplingRuleInput;
}

/**
 * Turns CLI-format rules into the SDK's local rules for one service: rules whose
 * ServiceName does not match the service are left out, the rest ordered by priority.
 */
export function toLocalSamplingRules(inputs: SamplingRuleInput[], serviceName: string): LocalSamplingRules {
  const rules = inputs
    .map((i) => i.SamplingRule)
    .filter((r) => wildcardMatch(r.ServiceName, serviceName))
    .sort(compareRules)
    .map((r) => ({
      description: r.RuleName,
      host: r.Host,
      http_method: r.HTTPMethod,
      url_path: r.URLPath,
      fixed_target: r.ReservoirSize,
      rate: r.FixedRate,
    }));
  return { version: 2, rules, default: DEFAULT_RULE };
}
