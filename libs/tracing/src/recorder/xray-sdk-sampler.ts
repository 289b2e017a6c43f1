import type { TracingConfig } from '../config/tracing-config';
import { formatDaemonAddress } from '../config/daemon-address';
import { toLocalSamplingRules } from '../sampling/sampling-rule-input';
import type { SampleRequest, Sampler, SamplingDecision } from '../sampling/sampler';
import { AWSXRay } from './sdk';
import type { createSdkLogger } from './sdk-logger';
import type { RecorderIdentity } from './tracing-identity';

/** The SDK's sampler: centralized rules from the daemon when it serves them, local rules otherwise. */
interface SdkSampler {
  shouldSample(request: SampleRequest): boolean | string | undefined;
}

/**
 * The `xray-sdk` sampler: the X-Ray SDK's centralized sampler (`/GetSamplingRules`, `/SamplingTargets` polled from the
 * daemon's TCP address, local rules as the fallback). The SDK is process-wide: configuring a
 * new one replaces the rules of the last. Loaded only when chosen (setup/build-tracer.ts), so
 * that otherwise the SDK is never in the process.
 */
export class XRaySdkSampler implements Sampler {
  /** What segment documents say about the recorder (`aws.xray`). */
  static readonly sdkIdentity: RecorderIdentity = {
    sdk: 'X-Ray for Node.js',
    sdk_version:
      (AWSXRay.SegmentUtils as unknown as { sdkData?: { sdk_version?: string } }).sdkData?.sdk_version ?? 'unknown',
    package: '@cruddur/tracing',
  };

  /** Puts the SDK in manual mode (our context is AsyncLocalStorage) and points its poller at the daemon. */
  constructor(config: TracingConfig, logger: ReturnType<typeof createSdkLogger>) {
    AWSXRay.enableManualMode();
    AWSXRay.setLogger(logger);
    // The SDK's sampling poller uses the TCP address; segments go through our exporters.
    if (!config.daemonFromEnv) AWSXRay.setDaemonAddress(formatDaemonAddress(config.daemon));
    if (!config.centralizedSampling) AWSXRay.middleware.disableCentralizedSampling();
    AWSXRay.middleware.setSamplingRules(toLocalSamplingRules(config.samplingRules, config.serviceName));
  }

  shouldSample(request: SampleRequest): SamplingDecision {
    const sampler = (AWSXRay.middleware as unknown as { sampler: SdkSampler }).sampler;
    // The SDK writes `serviceType` into the request: callers pass a fresh object per decision.
    const decision = sampler.shouldSample(request);
    if (typeof decision === 'string') return { sampled: true, rule: decision };
    return { sampled: decision === true };
  }
}
