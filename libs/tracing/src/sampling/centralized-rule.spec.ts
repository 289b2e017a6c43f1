import { CentralizedRule } from './centralized-rule';
import { wireSamplingRule as wireRule } from '@cruddur/test-kit';

const NOW = 1_800_000_000_000;
const never = () => 1;

/** The outcomes of `n` requests at `atMs`. */
function decide(rule: CentralizedRule, n: number, atMs: number): string[] {
  return Array.from({ length: n }, () => rule.decide(atMs, never));
}

describe('CentralizedRule', () => {
  it('borrows one a second without a quota, takes the quota while it is valid, then borrows again', () => {
    const rule = new CentralizedRule(wireRule({ ReservoirSize: 10 }));
    expect(decide(rule, 3, NOW)).toEqual(['borrow', 'none', 'none']);
    rule.applyTarget({ FixedRate: 0, ReservoirQuota: 2, quotaExpiresAt: NOW + 10_000 }, NOW);
    expect(decide(rule, 3, NOW + 1000)).toEqual(['take', 'take', 'none']);
    expect(decide(rule, 2, NOW + 10_000)).toEqual(['borrow', 'none']);
  });

  it('renews the TTL of the quota in force from a target that carries only the TTL', () => {
    const rule = new CentralizedRule(wireRule({ ReservoirSize: 10 }));
    rule.applyTarget({ FixedRate: 0, ReservoirQuota: 2, quotaExpiresAt: NOW + 10_000 }, NOW);
    rule.applyTarget({ FixedRate: 0, quotaExpiresAt: NOW + 20_000 }, NOW + 9000);
    expect(decide(rule, 3, NOW + 15_000)).toEqual(['take', 'take', 'none']);
  });

  it('keeps its quota, target rate and counts across a rules refresh (continueFrom)', () => {
    const before = new CentralizedRule(wireRule({ ReservoirSize: 10, FixedRate: 0 }));
    before.applyTarget({ FixedRate: 0, ReservoirQuota: 1, quotaExpiresAt: NOW + 10_000 }, NOW);
    decide(before, 2, NOW);
    const after = new CentralizedRule(wireRule({ ReservoirSize: 10, FixedRate: 0 }));
    after.continueFrom(before);
    expect(decide(after, 2, NOW + 1000)).toEqual(['take', 'none']);
    expect(after.takeStatistics('c', NOW + 1000)).toMatchObject({
      RequestCount: 4,
      SampledCount: 2,
      BorrowCount: 0,
    });
  });

  it('reports only after the target’s Interval, and counts start again from zero', () => {
    const rule = new CentralizedRule(wireRule({ ReservoirSize: 0, FixedRate: 0 }));
    decide(rule, 1, NOW);
    rule.applyTarget({ FixedRate: 0, Interval: 30 }, NOW);
    expect(rule.dueForReport(NOW + 29_000)).toBe(false);
    expect(rule.dueForReport(NOW + 30_000)).toBe(true);
    expect(rule.takeStatistics('c', NOW + 30_000)).toMatchObject({ RequestCount: 1, SampledCount: 0 });
    expect(rule.dueForReport(NOW + 31_000)).toBe(false);
  });
});
