import { DEFAULT_RULE_NAME, type SamplingRule } from '@cruddur/xray-contracts';

/** The fields a client sets; the ARN and timestamps are the registry's. */
export type SamplingRuleDefinition = Omit<SamplingRule, 'RuleARN'>;

/** The fields UpdateSamplingRule may change. */
export type SamplingRuleChanges = Partial<
  Pick<
    SamplingRule,
    | 'ResourceARN'
    | 'Priority'
    | 'FixedRate'
    | 'ReservoirSize'
    | 'ServiceName'
    | 'ServiceType'
    | 'Host'
    | 'HTTPMethod'
    | 'URLPath'
    | 'Attributes'
  >
>;

export { DEFAULT_RULE_NAME };

/** The rule X-Ray creates in every account: 1 request a second, then 5%, for everything. */
export const DEFAULT_RULE_DEFINITION: SamplingRuleDefinition = {
  RuleName: DEFAULT_RULE_NAME,
  ResourceARN: '*',
  Priority: 10000,
  FixedRate: 0.05,
  ReservoirSize: 1,
  ServiceName: '*',
  ServiceType: '*',
  Host: '*',
  HTTPMethod: '*',
  URLPath: '*',
  Version: 1,
  Attributes: {},
};
