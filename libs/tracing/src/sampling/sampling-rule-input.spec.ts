import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as AWSXRay from 'aws-xray-sdk-core';
import type { SamplingRuleInput } from '@cruddur/xray-contracts';
import { toLocalSamplingRules, validateSamplingRuleInput } from './sampling-rule-input';
import { samplingRuleInput as rule } from '@cruddur/test-kit';

const cruddur: unknown = JSON.parse(readFileSync(join(__dirname, '../../../../aws/json/xray.json'), 'utf8'));

describe('toLocalSamplingRules', () => {
  it('turns the Cruddur rule of aws/json/xray.json into an SDK local rule for the gateway', () => {
    const rules = toLocalSamplingRules([validateSamplingRuleInput(cruddur, 'xray.json')], 'gateway');
    expect(rules).toEqual({
      version: 2,
      rules: [{ description: 'Cruddur', host: '*', http_method: '*', url_path: '*', fixed_target: 5, rate: 0.1 }],
      default: { fixed_target: 1, rate: 0.05 },
    });
    // The SDK accepts the document as it is.
    expect(() => AWSXRay.middleware.setSamplingRules(rules)).not.toThrow();
    expect(toLocalSamplingRules([cruddur as SamplingRuleInput], 'activities').rules).toEqual([]);
  });

  it('keeps rules whose ServiceName matches (wildcards, case-insensitive) in priority order, then by name', () => {
    const rules = toLocalSamplingRules(
      [
        rule({ RuleName: 'late', Priority: 9000 }),
        rule({ RuleName: 'other', Priority: 1, ServiceName: 'activities' }),
        rule({ RuleName: 'b', Priority: 10, ServiceName: 'GATE*' }),
        rule({
          RuleName: 'a',
          Priority: 10,
          FixedRate: 0.5,
          ReservoirSize: 1,
          ServiceName: 'gat?way',
          URLPath: '/api/*',
          HTTPMethod: 'GET',
          Host: 'x.com',
        }),
      ],
      'gateway',
    );
    expect(rules.rules.map((r) => r.description)).toEqual(['a', 'b', 'late']);
    expect(rules.rules[0]).toEqual({
      description: 'a',
      host: 'x.com',
      http_method: 'GET',
      url_path: '/api/*',
      fixed_target: 1,
      rate: 0.5,
    });
  });
});

describe('validateSamplingRuleInput', () => {
  const valid = rule({}).SamplingRule;
  it.each([
    [null, 'missing "SamplingRule" object'],
    [{ SamplingRule: 'x' }, 'missing "SamplingRule" object'],
    [{ SamplingRule: { ...valid, RuleName: '' } }, 'SamplingRule.RuleName must be a non-empty string'],
    [{ SamplingRule: { ...valid, URLPath: 3 } }, 'SamplingRule.URLPath must be a non-empty string'],
    [{ SamplingRule: { ...valid, FixedRate: 1.5 } }, 'SamplingRule.FixedRate must be a number in 0..1'],
    [{ SamplingRule: { ...valid, FixedRate: '0.1' } }, 'SamplingRule.FixedRate must be a number in 0..1'],
    [{ SamplingRule: { ...valid, ReservoirSize: 1.5 } }, 'SamplingRule.ReservoirSize must be an integer >= 0'],
    [{ SamplingRule: { ...valid, ReservoirSize: -1 } }, 'SamplingRule.ReservoirSize must be an integer >= 0'],
    [{ SamplingRule: { ...valid, Priority: 0 } }, 'SamplingRule.Priority must be 1..9999'],
    [{ SamplingRule: { ...valid, Priority: 10000 } }, 'SamplingRule.Priority must be 1..9999'],
    [{ SamplingRule: { ...valid, Version: 2 } }, 'SamplingRule.Version must be 1'],
  ])('%j -> %s', (input, problem) => {
    expect(() => validateSamplingRuleInput(input, 'rules.json')).toThrow(
      `rules.json: ${problem} (expected the "aws xray create-sampling-rule --cli-input-json" format)`,
    );
  });

  it('returns a valid document unchanged', () => {
    expect(validateSamplingRuleInput(cruddur, 'xray.json')).toBe(cruddur);
  });
});
