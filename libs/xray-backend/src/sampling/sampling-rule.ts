/**
 * Sampling rules in the X-Ray API's wire shape (GetSamplingRules, CreateSamplingRule, ...).
 * Timestamps are epoch seconds, as restJson1 sends them and the AWS CLI expects.
 */
export interface SamplingRule {
  readonly RuleName: string;
  readonly RuleARN: string;
  readonly ResourceARN: string;
  readonly Priority: number;
  readonly FixedRate: number;
  readonly ReservoirSize: number;
  readonly ServiceName: string;
  readonly ServiceType: string;
  readonly Host: string;
  readonly HTTPMethod: string;
  readonly URLPath: string;
  readonly Version: number;
  /** Always present: the Node SDK drops a rule whose `Attributes` is missing. */
  readonly Attributes: Readonly<Record<string, string>>;
}

export interface SamplingRuleRecord {
  readonly SamplingRule: SamplingRule;
  readonly CreatedAt: number;
  readonly ModifiedAt: number;
}

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

export const DEFAULT_RULE_NAME = 'Default';

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

export function samplingRuleArn(ruleName: string): string {
  return `arn:aws:xray:local:000000000000:sampling-rule/${ruleName}`;
}
