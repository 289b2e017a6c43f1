import { samplingRuleArn, type SamplingRule, type SamplingRuleInput } from '@cruddur/xray-contracts';

type RuleFields = Partial<SamplingRuleInput['SamplingRule']>;

/** A sampling rule for everything, sampling nothing (no reservoir, rate 0), in the CLI input form; `fields` override. */
export function samplingRuleInput(fields: RuleFields = {}): SamplingRuleInput {
  return {
    SamplingRule: {
      RuleName: 'r',
      ResourceARN: '*',
      Priority: 100,
      FixedRate: 0,
      ReservoirSize: 0,
      ServiceName: '*',
      ServiceType: '*',
      Host: '*',
      HTTPMethod: '*',
      URLPath: '*',
      Version: 1,
      ...fields,
    },
  };
}

/** The same rule as GetSamplingRules sends it. */
export function wireSamplingRule(fields: RuleFields = {}): SamplingRule {
  const rule = samplingRuleInput(fields).SamplingRule;
  return { ...rule, RuleARN: samplingRuleArn(rule.RuleName), Attributes: {} };
}
