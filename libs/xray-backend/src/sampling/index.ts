export { SamplingRuleRegistry } from './sampling-rule-registry';
export type { SamplingRuleRegistryOptions, SamplingRulesSnapshot } from './sampling-rule-registry';
export { SamplingTargets } from './sampling-targets';
export type { SamplingTargetsOptions } from './sampling-targets';
export type { SamplingRuleDefinition, SamplingRuleChanges } from './sampling-rule';
export { DEFAULT_RULE_DEFINITION, DEFAULT_RULE_NAME } from './sampling-rule';
