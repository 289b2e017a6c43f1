export { SamplingRuleRegistry } from './sampling-rule-registry';
export type { SamplingRuleRegistryOptions, GetSamplingRulesResult, SamplingRulesSnapshot } from './sampling-rule-registry';
export { SamplingTargets } from './sampling-targets';
export type {
  GetSamplingTargetsResult,
  GetSamplingStatisticSummariesResult,
  SamplingTargetDocument,
  SamplingTargetsOptions,
  UnprocessedStatistics,
} from './sampling-targets';
export type { SamplingStatisticSummary } from './sampling-statistics';
export type { SamplingStatisticsDocument } from './sampling-statistics-document';
export type { SamplingRule, SamplingRuleRecord, SamplingRuleDefinition, SamplingRuleChanges } from './sampling-rule';
export { DEFAULT_RULE_DEFINITION, DEFAULT_RULE_NAME, samplingRuleArn } from './sampling-rule';
export { matchSamplingRule, ruleMatches, compareRules } from './rule-matching';
export type { SamplingRequest } from './rule-matching';
export { globMatch } from './glob';
