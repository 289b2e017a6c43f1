// The sampling rules shipped with the stack, in the `aws xray create-sampling-rule --cli-input-json`
// format. The daemon reads these files by path (--sampling-rules); the gateway bundles them as its
// local rules through this module, so both sides use the same files.
import cruddurRule from './xray.json';
import healthChecksRule from './xray-health-checks.json';

/** Cruddur's rule: the gateway, 5 requests a second, then 10%. */
export const cruddurSamplingRule: unknown = cruddurRule;
/** HealthChecks: no trace for GET /api/health*, ahead of Cruddur's rule. */
export const healthCheckSamplingRule: unknown = healthChecksRule;
