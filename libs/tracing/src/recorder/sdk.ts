/**
 * The X-Ray SDK, loaded in manual mode.
 *
 * Measured hot path (docs/benchmarks.md): unless AWS_XRAY_MANUAL_MODE is set when it loads,
 * aws-xray-sdk-core creates its cls-hooked namespace, whose async hook (with destroy
 * tracking on every promise) stays installed even after `enableManualMode()`. Our context is
 * AsyncLocalStorage, so the SDK must start in manual mode: the env var has to be set before
 * the first require, which is why this module exists and every SDK use goes through it.
 */
process.env.AWS_XRAY_MANUAL_MODE ??= 'true';

import AWSXRay = require('aws-xray-sdk-core');

export { AWSXRay };
