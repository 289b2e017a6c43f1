import * as AWSXRay from 'aws-xray-sdk-core';
import { LocalRulesSampler, toLocalSamplingRules } from '@cruddur/tracing';
import { gatewaySamplingRules } from './sampling-rules';

type Decide = (request: { serviceName: string; host: string; httpMethod: string; urlPath: string }) => boolean;

/** The SDK's local sampler (centralized sampling off), loaded with the gateway's rules: the `xray-sdk` sampler's. */
function sdkLocalSampler(): Decide {
  AWSXRay.middleware.disableCentralizedSampling();
  AWSXRay.middleware.setSamplingRules(toLocalSamplingRules(gatewaySamplingRules, 'gateway'));
  const sampler = (AWSXRay.middleware as unknown as { sampler: { shouldSample(request: object): unknown } }).sampler;
  return (request) => sampler.shouldSample(request) === true;
}

/** Our local rules: the `xray` sampler's (the default) until the daemon's rules arrive. */
function localRulesSampler(): Decide {
  const sampler = new LocalRulesSampler(toLocalSamplingRules(gatewaySamplingRules, 'gateway'));
  return (request) => sampler.shouldSample(request).sampled;
}

const request = (urlPath: string, httpMethod = 'GET') => ({
  serviceName: 'gateway',
  host: 'localhost:4567',
  httpMethod,
  urlPath,
});

describe("the gateway's local sampling rules", () => {
  it('puts HealthChecks before Cruddur', () => {
    expect(toLocalSamplingRules(gatewaySamplingRules, 'gateway').rules.map((r) => r.description)).toEqual([
      'HealthChecks',
      'Cruddur',
    ]);
  });

  it.each([
    ['the X-Ray SDK', sdkLocalSampler],
    ['LocalRulesSampler', localRulesSampler],
  ])('%s samples no GET /api/health or /api/health/live, and keeps sampling the API', (_name, make) => {
    const shouldSample = make();
    for (const path of ['/api/health', '/api/health/live']) {
      expect([path, new Set(Array.from({ length: 50 }, () => shouldSample(request(path))))]).toEqual([
        path,
        new Set([false]),
      ]);
    }
    // Cruddur's reservoir: the first requests of a second are sampled.
    expect(shouldSample(request('/api/activities/home'))).toBe(true);
    expect(shouldSample(request('/api/activities', 'POST'))).toBe(true);
  });
});
