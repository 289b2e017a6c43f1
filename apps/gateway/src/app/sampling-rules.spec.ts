import * as AWSXRay from 'aws-xray-sdk-core';
import { toLocalSamplingRules } from '@cruddur/tracing';
import { gatewaySamplingRules } from './sampling-rules';

/** The SDK's local sampler (centralized sampling off), loaded with the gateway's rules. */
function localSampler(): { shouldSample(request: Record<string, string>): unknown } {
  AWSXRay.middleware.disableCentralizedSampling();
  AWSXRay.middleware.setSamplingRules(toLocalSamplingRules(gatewaySamplingRules, 'gateway'));
  return (AWSXRay.middleware as unknown as { sampler: { shouldSample(request: Record<string, string>): unknown } })
    .sampler;
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

  it('samples no GET /api/health or /api/health/live, and keeps sampling the API', () => {
    const sampler = localSampler();
    for (const path of ['/api/health', '/api/health/live']) {
      expect([path, new Set(Array.from({ length: 50 }, () => sampler.shouldSample(request(path))))]).toEqual([
        path,
        new Set([false]),
      ]);
    }
    // Cruddur's reservoir: the first requests of a second are sampled.
    expect(sampler.shouldSample(request('/api/activities/home'))).toBe(true);
    expect(sampler.shouldSample(request('/api/activities', 'POST'))).toBe(true);
  });
});
