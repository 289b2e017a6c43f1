import type { SamplingRuleInput } from '@cruddur/xray-contracts';
import { LocalRulesSampler } from './local-rules-sampler';
import { toLocalSamplingRules } from './sampling-rule-input';
import { samplingRuleInput as rule } from '@cruddur/test-kit';

const request = (urlPath: string, httpMethod = 'GET') => ({
  serviceName: 'gateway',
  host: 'localhost:4567',
  httpMethod,
  urlPath,
});

describe('LocalRulesSampler', () => {
  let now: number;
  let random: number;
  const sampler = (rules: SamplingRuleInput[]) =>
    new LocalRulesSampler(
      toLocalSamplingRules(rules, 'gateway'),
      () => now,
      () => random,
    );
  const count = (s: LocalRulesSampler, n: number, path: string, method?: string) =>
    Array.from({ length: n }, () => s.shouldSample(request(path, method))).filter((d) => d.sampled).length;

  beforeEach(() => {
    now = Date.UTC(2026, 11, 3, 8, 0, 0);
    random = 0.5;
  });

  it("takes each rule's fixed_target a second, then its rate, by the first rule that matches (no rule name)", () => {
    const s = sampler([
      rule({ RuleName: 'health', Priority: 1, URLPath: '/api/health*', HTTPMethod: 'GET' }),
      rule({ RuleName: 'api', Priority: 2, ReservoirSize: 2, FixedRate: 0.4 }),
      rule({ RuleName: 'other-service', Priority: 0, ServiceName: 'activities', FixedRate: 1 }),
    ]);
    expect(count(s, 10, '/api/health/live')).toBe(0);
    expect(s.shouldSample(request('/api/activities'))).toEqual({ sampled: true });
    expect(count(s, 10, '/api/activities')).toBe(1);
    random = 0.3;
    expect(count(s, 10, '/api/activities')).toBe(10);
    random = 0.5;
    now += 1000;
    expect(count(s, 10, '/api/health', 'POST')).toBe(2);
  });

  it('without rules: the default, one request a second, then 5%', () => {
    const s = sampler([]);
    expect(count(s, 10, '/')).toBe(1);
    random = 0.04;
    expect(count(s, 10, '/')).toBe(10);
    random = 0.05;
    now += 1000;
    expect(count(s, 10, '/')).toBe(1);
  });
});
