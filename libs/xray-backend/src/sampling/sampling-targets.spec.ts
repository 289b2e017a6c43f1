import { XRayApiError } from '../api-errors/xray-api-error';
import { SamplingRuleRegistry } from './sampling-rule-registry';
import { SamplingTargets } from './sampling-targets';
import { cruddurRule } from './cruddur-rule.fixture';

const GATEWAY = '0123456789abcdef01234567';
const ACTIVITIES = 'fedcba9876543210fedcba98';

function report(clientId: string, requests: number, timestamp = 1_700_000_000, ruleName = 'Cruddur') {
  return {
    RuleName: ruleName,
    ClientID: clientId,
    RequestCount: requests,
    BorrowCount: 1,
    SampledCount: 2,
    Timestamp: timestamp,
  };
}

describe('SamplingTargets', () => {
  let clock: number;
  let registry: SamplingRuleRegistry;
  let targets: SamplingTargets;

  beforeEach(() => {
    clock = 1_700_000_000_000;
    registry = new SamplingRuleRegistry({ now: () => clock });
    registry.create({
      SamplingRule: cruddurRule({ ReservoirSize: 4, ServiceName: '*' }),
    });
    targets = new SamplingTargets(registry, { now: () => clock });
  });

  it('answers with the rule rate, the client quota, a TTL and the interval', () => {
    expect(targets.getSamplingTargets({ SamplingStatisticsDocuments: [report(GATEWAY, 10)] })).toEqual({
      SamplingTargetDocuments: [
        { RuleName: 'Cruddur', FixedRate: 0.1, ReservoirQuota: 4, ReservoirQuotaTTL: clock + 20_000, Interval: 10 },
      ],
      LastRuleModification: clock,
      UnprocessedStatistics: [],
    });
  });

  it('shares the reservoir among the clients reporting the rule', () => {
    targets.getSamplingTargets({ SamplingStatisticsDocuments: [report(GATEWAY, 30)] });
    const response = targets.getSamplingTargets({ SamplingStatisticsDocuments: [report(ACTIVITIES, 10)] });
    expect(response.SamplingTargetDocuments[0].ReservoirQuota).toBe(1);
    const gateway = targets.getSamplingTargets({ SamplingStatisticsDocuments: [report(GATEWAY, 30)] });
    expect(gateway.SamplingTargetDocuments[0].ReservoirQuota).toBe(3);
  });

  it('lists reports for unknown rules as unprocessed', () => {
    const response = targets.getSamplingTargets({ SamplingStatisticsDocuments: [report(GATEWAY, 1, 1, 'Gone')] });
    expect(response.SamplingTargetDocuments).toEqual([]);
    expect(response.UnprocessedStatistics).toEqual([
      { RuleName: 'Gone', ErrorCode: '400', Message: 'Sampling rule Gone does not exist' },
    ]);
  });

  it.each([
    ['no body', undefined],
    ['no documents', {}],
    ['26 documents', { SamplingStatisticsDocuments: Array.from({ length: 26 }, () => report(GATEWAY, 1)) }],
    ['a short ClientID', { SamplingStatisticsDocuments: [report('abc', 1)] }],
    ['a non-hex ClientID', { SamplingStatisticsDocuments: [report('z'.repeat(24), 1)] }],
    ['a negative count', { SamplingStatisticsDocuments: [report(GATEWAY, -1)] }],
    ['a missing Timestamp', { SamplingStatisticsDocuments: [{ ...report(GATEWAY, 1), Timestamp: undefined }] }],
  ])('rejects %s with InvalidRequestException', (_name, body) => {
    expect(() => targets.getSamplingTargets(body)).toThrow(XRayApiError);
    try {
      targets.getSamplingTargets(body);
    } catch (error) {
      expect((error as XRayApiError).type).toBe('InvalidRequestException');
    }
  });

  it('sums reports per rule per 10-second window for GetSamplingStatisticSummaries', () => {
    targets.getSamplingTargets({ SamplingStatisticsDocuments: [report(GATEWAY, 10, 1_700_000_001)] });
    targets.getSamplingTargets({ SamplingStatisticsDocuments: [report(ACTIVITIES, 5, 1_700_000_009)] });
    expect(targets.getSamplingStatisticSummaries()).toEqual({
      SamplingStatisticSummaries: [
        { RuleName: 'Cruddur', Timestamp: 1_700_000_000, RequestCount: 15, BorrowCount: 2, SampledCount: 4 },
      ],
    });
    targets.getSamplingTargets({ SamplingStatisticsDocuments: [report(GATEWAY, 1, 1_700_000_011)] });
    expect(targets.getSamplingStatisticSummaries().SamplingStatisticSummaries[0]).toMatchObject({
      Timestamp: 1_700_000_010,
      RequestCount: 1,
    });
    registry.delete({ RuleName: 'Cruddur' });
    expect(targets.getSamplingStatisticSummaries().SamplingStatisticSummaries).toEqual([]);
  });
});
