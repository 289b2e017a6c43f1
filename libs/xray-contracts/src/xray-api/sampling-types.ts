// Sampling shapes of the X-Ray API (sampling rules, GetSamplingTargets, statistic summaries).

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

/**
 * A rule in the `aws xray create-sampling-rule --cli-input-json` format: the CreateSamplingRule
 * request, and the format of `aws/json/xray.json`.
 */
export interface SamplingRuleInput {
  SamplingRule: {
    RuleName: string;
    ResourceARN: string;
    Priority: number;
    FixedRate: number;
    ReservoirSize: number;
    ServiceName: string;
    ServiceType: string;
    Host: string;
    HTTPMethod: string;
    URLPath: string;
    Version: number;
    Attributes?: Record<string, string>;
  };
}

export interface SamplingRuleRecordResult {
  readonly SamplingRuleRecord: SamplingRuleRecord;
}

export interface GetSamplingRulesResult {
  readonly SamplingRuleRecords: readonly SamplingRuleRecord[];
  readonly NextToken?: string;
}

/** One SDK's counts for one rule over its last reporting interval (GetSamplingTargets input). */
export interface SamplingStatisticsDocument {
  readonly RuleName: string;
  /** 24 hex digits, random per SDK instance. */
  readonly ClientID: string;
  /** Epoch seconds. */
  readonly Timestamp: number;
  readonly RequestCount: number;
  readonly SampledCount: number;
  readonly BorrowCount: number;
}

/** Aggregated counts of one rule over a 10-second window (GetSamplingStatisticSummaries). */
export interface SamplingStatisticSummary {
  readonly RuleName: string;
  /** Start of the window, epoch seconds. */
  readonly Timestamp: number;
  readonly RequestCount: number;
  readonly BorrowCount: number;
  readonly SampledCount: number;
}

export interface SamplingTargetDocument {
  readonly RuleName: string;
  readonly FixedRate: number;
  /** Traces a second this client may record before FixedRate applies. */
  readonly ReservoirQuota: number;
  /** Epoch milliseconds, not seconds: the Node SDK reads this field as milliseconds. */
  readonly ReservoirQuotaTTL: number;
  /** Seconds until the client should report again. */
  readonly Interval: number;
}

export interface UnprocessedStatistics {
  readonly RuleName: string;
  readonly ErrorCode: string;
  readonly Message: string;
}

export interface GetSamplingTargetsResult {
  readonly SamplingTargetDocuments: readonly SamplingTargetDocument[];
  /** Epoch milliseconds, not seconds: the Node SDK reads this field as milliseconds. */
  readonly LastRuleModification: number;
  readonly UnprocessedStatistics: readonly UnprocessedStatistics[];
}

export interface GetSamplingStatisticSummariesResult {
  readonly SamplingStatisticSummaries: readonly SamplingStatisticSummary[];
  readonly NextToken?: string;
}

/** A sampling rule's ARN as the local X-Ray API names it (account 000000000000, region "local"). */
export function samplingRuleArn(ruleName: string): string {
  return `arn:aws:xray:local:000000000000:sampling-rule/${ruleName}`;
}
