import { type SamplingRuleInput, validateSamplingRuleInput } from '@cruddur/tracing';
import { cruddurSamplingRule, healthCheckSamplingRule } from '@cruddur/aws-config';

/**
 * The gateway's local sampling rules: the files the daemon loads with --sampling-rules, used until
 * the daemon serves its rules (or when there is no daemon). Cruddur's, and HealthChecks: no trace
 * for GET /api/health*, which container and load-balancer health checks call every few seconds.
 */
export const gatewaySamplingRules: SamplingRuleInput[] = [
  validateSamplingRuleInput(cruddurSamplingRule, 'aws/json/xray.json'),
  validateSamplingRuleInput(healthCheckSamplingRule, 'aws/json/xray-health-checks.json'),
];
