import { AWSXRay } from './sdk';

/** The request fields X-Ray sampling rules match on. */
export interface SampleRequest {
  serviceName: string;
  host?: string;
  httpMethod?: string;
  urlPath?: string;
}

/** The SDK's sampler: centralized rules from the daemon when it serves them, local rules otherwise. */
interface SdkSampler {
  shouldSample(request: SampleRequest): boolean | string | undefined;
}

/** Returns the SDK's decision: false, or true with the matched rule name when centralized. */
export function sdkShouldSample(request: SampleRequest): { sampled: boolean; rule?: string } {
  const sampler = (AWSXRay.middleware as unknown as { sampler: SdkSampler }).sampler;
  // The SDK writes `serviceType` into the request: callers pass a fresh object per decision.
  const decision = sampler.shouldSample(request);
  if (typeof decision === 'string') return { sampled: true, rule: decision };
  return { sampled: decision === true };
}
