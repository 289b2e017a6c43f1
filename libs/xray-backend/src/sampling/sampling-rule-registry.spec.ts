import { SamplingRuleRegistry } from './sampling-rule-registry';
import { cruddurRule } from './cruddur-rule.fixture';
import { rejection } from '../api-errors/rejection.fixture';

const cruddur = cruddurRule();

describe('SamplingRuleRegistry', () => {
  let clock: number;
  let registry: SamplingRuleRegistry;

  beforeEach(() => {
    clock = 1_700_000_000_000;
    registry = new SamplingRuleRegistry({ now: () => clock, pageSize: 2 });
  });

  it('starts with the Default rule in the shape the SDK keeps', () => {
    expect(registry.list()).toEqual({
      SamplingRuleRecords: [
        {
          SamplingRule: {
            RuleName: 'Default',
            RuleARN: 'arn:aws:xray:local:000000000000:sampling-rule/Default',
            ResourceARN: '*',
            Priority: 10000,
            FixedRate: 0.05,
            ReservoirSize: 1,
            ServiceName: '*',
            ServiceType: '*',
            Host: '*',
            HTTPMethod: '*',
            URLPath: '*',
            Version: 1,
            Attributes: {},
          },
          CreatedAt: 1_700_000_000,
          ModifiedAt: 1_700_000_000,
        },
      ],
    });
  });

  it('creates rules from the create-sampling-rule --cli-input-json format and lists them by priority', () => {
    clock += 5000;
    const record = registry.loadCliInput(JSON.stringify({ SamplingRule: cruddur }));
    expect(record.SamplingRule).toEqual({
      ...cruddur,
      RuleARN: 'arn:aws:xray:local:000000000000:sampling-rule/Cruddur',
      Attributes: {},
    });
    expect(record.CreatedAt).toBe(1_700_000_005);
    expect(registry.lastRuleModification).toBe(1_700_000_005);
    expect(registry.rules().map((rule) => rule.RuleName)).toEqual(['Cruddur', 'Default']);
  });

  it('makes loading the same file again an update, not a duplicate', () => {
    registry.loadCliInput(JSON.stringify({ SamplingRule: cruddur }));
    const again = registry.loadCliInput(JSON.stringify({ SamplingRule: { ...cruddur, FixedRate: 0.2 } }));
    expect(again.SamplingRule.FixedRate).toBe(0.2);
    expect(registry.rules()).toHaveLength(2);
    expect(rejection(() => registry.loadCliInput('{not json')).type).toBe('InvalidRequestException');
  });

  it.each([
    ['an empty name', { RuleName: '' }, "'SamplingRule.RuleName'"],
    ['a 33-character name', { RuleName: 'x'.repeat(33) }, 'less than or equal to 32'],
    ['priority 0', { Priority: 0 }, 'greater than or equal to 1'],
    ['priority 10000', { Priority: 10000 }, 'less than or equal to 9999'],
    ['a fractional priority', { Priority: 1.5 }, 'integer'],
    ['FixedRate above 1', { FixedRate: 1.5 }, 'less than or equal to 1'],
    ['a negative FixedRate', { FixedRate: -0.1 }, 'greater than or equal to 0'],
    ['a negative reservoir', { ReservoirSize: -1 }, 'greater than or equal to 0'],
    ['version 2', { Version: 2 }, 'version 2 is not supported'],
    ['a missing ServiceName', { ServiceName: undefined }, 'must not be null'],
    ['a long HTTPMethod', { HTTPMethod: 'PROPPATCHES' }, 'less than or equal to 10'],
    ['a long URLPath', { URLPath: '/'.repeat(129) }, 'less than or equal to 128'],
    ['six attributes', { Attributes: { a: '1', b: '1', c: '1', d: '1', e: '1', f: '1' } }, 'at most 5'],
    ['a non-string attribute', { Attributes: { a: 1 } }, 'must be a string'],
  ])('rejects %s', (_name, change, message) => {
    const error = rejection(() => registry.create({ SamplingRule: { ...cruddur, ...change } }));
    expect(error.type).toBe('InvalidRequestException');
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });

  it('rejects a body without SamplingRule', () => {
    expect(rejection(() => registry.create({})).message).toContain("'SamplingRule'");
    expect(rejection(() => registry.create(null)).type).toBe('InvalidRequestException');
  });

  it('rejects duplicates and unknown rules with InvalidRequestException', () => {
    registry.create({ SamplingRule: cruddur });
    expect(rejection(() => registry.create({ SamplingRule: cruddur })).message).toContain('already exists');
    expect(rejection(() => registry.create({ SamplingRule: { ...cruddur, RuleName: 'Default' } })).type).toBe(
      'InvalidRequestException',
    );
    expect(
      rejection(() => registry.update({ SamplingRuleUpdate: { RuleName: 'Nope', FixedRate: 1 } })).message,
    ).toContain('does not exist');
    expect(
      rejection(() => registry.delete({ RuleARN: 'arn:aws:xray:local:000000000000:sampling-rule/Nope' })).type,
    ).toBe('InvalidRequestException');
    expect(rejection(() => registry.delete({})).message).toContain('RuleName or RuleARN is required');
    expect(rejection(() => registry.delete({ RuleName: 'Cruddur', RuleARN: 'x' })).message).toContain('not both');
  });

  it('limits the number of rules with RuleLimitExceededException', () => {
    const small = new SamplingRuleRegistry({ maxRules: 1 });
    small.create({ SamplingRule: cruddur });
    const error = rejection(() => small.create({ SamplingRule: { ...cruddur, RuleName: 'Second' } }));
    expect(error.type).toBe('RuleLimitExceededException');
  });

  it('updates by name or ARN and tracks the modification time', () => {
    registry.create({ SamplingRule: cruddur });
    clock += 60_000;
    const { SamplingRuleRecord } = registry.update({
      SamplingRuleUpdate: {
        RuleARN: 'arn:aws:xray:local:000000000000:sampling-rule/Cruddur',
        Priority: 1,
        URLPath: '/api/*',
      },
    });
    expect(SamplingRuleRecord.SamplingRule).toMatchObject({ Priority: 1, URLPath: '/api/*', FixedRate: 0.1 });
    expect(SamplingRuleRecord.CreatedAt).toBe(1_700_000_000);
    expect(SamplingRuleRecord.ModifiedAt).toBe(1_700_000_060);
    expect(registry.lastRuleModification).toBe(1_700_000_060);
  });

  it('protects the Default rule: only rate and reservoir change, and it cannot be deleted', () => {
    const { SamplingRuleRecord } = registry.update({
      SamplingRuleUpdate: { RuleName: 'Default', FixedRate: 0.5, ReservoirSize: 2 },
    });
    expect(SamplingRuleRecord.SamplingRule).toMatchObject({ FixedRate: 0.5, ReservoirSize: 2, Priority: 10000 });
    expect(
      rejection(() => registry.update({ SamplingRuleUpdate: { RuleName: 'Default', ServiceName: 'x' } })).message,
    ).toContain('ServiceName');
    expect(rejection(() => registry.delete({ RuleName: 'Default' })).message).toContain('cannot be deleted');
  });

  it('deletes rules and returns the deleted record', () => {
    registry.create({ SamplingRule: cruddur });
    clock += 1000;
    expect(registry.delete({ RuleName: 'Cruddur' }).SamplingRuleRecord.SamplingRule.RuleName).toBe('Cruddur');
    expect(registry.get('Cruddur')).toBeUndefined();
    expect(registry.lastRuleModification).toBe(1_700_000_001);
  });

  it('pages GetSamplingRules with NextToken and rejects forged tokens', () => {
    for (const [name, priority] of [
      ['b', 5],
      ['a', 5],
      ['c', 1],
    ] as const) {
      registry.create({ SamplingRule: { ...cruddur, RuleName: name, Priority: priority } });
    }
    const first = registry.list({});
    expect(first.SamplingRuleRecords.map((r) => r.SamplingRule.RuleName)).toEqual(['c', 'a']);
    const second = registry.list({ NextToken: first.NextToken });
    expect(second.SamplingRuleRecords.map((r) => r.SamplingRule.RuleName)).toEqual(['b', 'Default']);
    expect(second.NextToken).toBeUndefined();
    expect(rejection(() => registry.list({ NextToken: 'forged' })).status).toBe(400);
    expect(rejection(() => registry.list({ NextToken: 5 })).type).toBe('InvalidRequestException');
  });

  it('matches requests like the SDK: globs, priority, then name, Default last', () => {
    registry.create({ SamplingRule: cruddur });
    registry.create({
      SamplingRule: { ...cruddur, RuleName: 'home', Priority: 9000, URLPath: '/api/*/home', ServiceName: '*' },
    });
    registry.create({
      SamplingRule: { ...cruddur, RuleName: 'posts', Priority: 100, HTTPMethod: 'POST', ServiceName: 'gate?ay' },
    });
    expect(registry.match({ serviceName: 'gateway', httpMethod: 'post', urlPath: '/x' }).RuleName).toBe('posts');
    expect(
      registry.match({ serviceName: 'gateway', httpMethod: 'GET', urlPath: '/api/activities/home' }).RuleName,
    ).toBe('Cruddur');
    expect(registry.match({ serviceName: 'activities', urlPath: '/api/activities/home' }).RuleName).toBe('home');
    expect(registry.match({ serviceName: 'activities', urlPath: '/other' }).RuleName).toBe('Default');
  });

  it('snapshots and restores as plain JSON, validating what it restores', () => {
    registry.create({ SamplingRule: cruddur });
    registry.update({ SamplingRuleUpdate: { RuleName: 'Default', FixedRate: 0.2 } });
    const json = JSON.parse(JSON.stringify(registry.snapshot()));
    const restored = new SamplingRuleRegistry();
    restored.restore(json);
    expect(restored.snapshot()).toEqual(registry.snapshot());

    expect(restored.get('Default')?.SamplingRule.FixedRate).toBe(0.2);

    const broken = {
      ...json,
      SamplingRuleRecords: [{ ...json.SamplingRuleRecords[0], SamplingRule: { ...cruddur, Priority: -1 } }],
    };
    expect(rejection(() => restored.restore(broken)).type).toBe('InvalidRequestException');
    expect(restored.get('Cruddur')).toBeDefined();

    restored.restore({ SamplingRuleRecords: [], LastRuleModification: 1 });
    expect(restored.rules().map((rule) => rule.RuleName)).toEqual(['Default']);
  });
});
