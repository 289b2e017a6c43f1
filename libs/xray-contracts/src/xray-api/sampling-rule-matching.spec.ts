import { compareRules, DEFAULT_RULE_NAME, matchSamplingRule, ruleMatches } from './sampling-rule-matching';

const rule = (RuleName: string, fields: Partial<Parameters<typeof ruleMatches>[0]> = {}) => ({
  RuleName,
  Priority: 100,
  ServiceName: '*',
  ServiceType: '*',
  Host: '*',
  HTTPMethod: '*',
  URLPath: '*',
  ...fields,
});

describe('sampling rule matching', () => {
  it('orders by Priority, then RuleName in code-unit order', () => {
    const rules = [rule('b'), rule('B'), rule('a', { Priority: 200 }), rule('z', { Priority: 1 })].sort(compareRules);
    expect(rules.map((r) => r.RuleName)).toEqual(['z', 'B', 'b', 'a']);
  });

  it('glob-matches each field the request has, case-insensitively; absent or empty fields do not constrain', () => {
    const health = rule('health', { ServiceName: 'gate?ay', HTTPMethod: 'GET', URLPath: '/api/health*' });
    expect(ruleMatches(health, { serviceName: 'Gateway', httpMethod: 'get', urlPath: '/api/health/live' })).toBe(true);
    expect(ruleMatches(health, { serviceName: 'gateway', httpMethod: 'POST', urlPath: '/api/health' })).toBe(false);
    expect(ruleMatches(health, { serviceName: 'gateway', urlPath: '/api/health' })).toBe(true);
    expect(ruleMatches(health, { serviceName: 'gateway', httpMethod: '', urlPath: '/api/health' })).toBe(true);
    expect(ruleMatches(rule('typed', { ServiceType: 'AWS::EC2::Instance' }), { serviceName: 'x' })).toBe(true);
    expect(
      ruleMatches(rule('typed', { ServiceType: 'AWS::EC2::Instance' }), { serviceType: 'AWS::ECS::Container' }),
    ).toBe(false);
  });

  it('Default matches everything; the first match in order wins', () => {
    const rules = [rule('api', { Priority: 1, URLPath: '/api/*' }), rule(DEFAULT_RULE_NAME, { Host: 'never' })];
    expect(matchSamplingRule(rules, { urlPath: '/api/x' })?.RuleName).toBe('api');
    expect(matchSamplingRule(rules, { urlPath: '/', host: 'localhost' })?.RuleName).toBe('Default');
    expect(matchSamplingRule([rule('api', { URLPath: '/api/*' })], { urlPath: '/' })).toBeUndefined();
  });
});
