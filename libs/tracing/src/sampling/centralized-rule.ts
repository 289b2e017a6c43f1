import type { MatchableSamplingRule, SamplingRule, SamplingStatisticsDocument } from '@cruddur/xray-contracts';
import { PerSecondLimit } from './per-second-limit';

/** How a rule decided one request: taken from the quota, borrowed, by the rate, or not sampled. */
export type RuleOutcome = 'take' | 'borrow' | 'rate' | 'none';

/**
 * One centralized rule as a client applies it. The daemon shares a rule's ReservoirSize among
 * its clients as a quota per second, valid until its TTL. Without a valid quota (before the
 * first target, or once it expired) a rule with a reservoir may borrow one request a second, as
 * X-Ray's protocol allows; past the quota or the borrow, FixedRate (the target's if given, else
 * the rule's) decides. Counts are kept for the next SamplingTargets report.
 */
export class CentralizedRule implements MatchableSamplingRule {
  readonly RuleName: string;
  readonly Priority: number;
  readonly ServiceName: string;
  readonly ServiceType: string;
  readonly Host: string;
  readonly HTTPMethod: string;
  readonly URLPath: string;
  private quota?: number;
  /** Epoch milliseconds. */
  private quotaExpiresAt = 0;
  private rate: number;
  private readonly taken = new PerSecondLimit();
  private readonly borrowed = new PerSecondLimit();
  private requests = 0;
  private sampled = 0;
  private borrows = 0;
  /** Epoch milliseconds before which this rule does not report (the target's Interval). */
  private reportAfter = 0;

  constructor(readonly rule: SamplingRule) {
    this.RuleName = rule.RuleName;
    this.Priority = rule.Priority;
    this.ServiceName = rule.ServiceName;
    this.ServiceType = rule.ServiceType;
    this.Host = rule.Host;
    this.HTTPMethod = rule.HTTPMethod;
    this.URLPath = rule.URLPath;
    this.rate = rule.FixedRate;
  }

  /** Takes over the quota and counts of the rule this one replaces (same name, new definition). */
  continueFrom(previous: CentralizedRule): void {
    this.quota = previous.quota;
    this.quotaExpiresAt = previous.quotaExpiresAt;
    this.requests = previous.requests;
    this.sampled = previous.sampled;
    this.borrows = previous.borrows;
    this.reportAfter = previous.reportAfter;
    // A target's rate holds until the next target; a changed rule brings its own.
    if (previous.rule.FixedRate === this.rule.FixedRate) this.rate = previous.rate;
  }

  decide(nowMs: number, random: () => number): RuleOutcome {
    this.requests++;
    if (this.quota !== undefined && nowMs < this.quotaExpiresAt) {
      if (this.taken.take(nowMs, this.quota)) {
        this.sampled++;
        return 'take';
      }
    } else if (this.rule.ReservoirSize > 0 && this.borrowed.take(nowMs, 1)) {
      // SampledCount is every request recorded, borrowed ones included, as the X-Ray API
      // defines it and OpenTelemetry's X-Ray samplers count (the Node SDK leaves them out).
      this.sampled++;
      this.borrows++;
      return 'borrow';
    }
    if (random() < this.rate) {
      this.sampled++;
      return 'rate';
    }
    return 'none';
  }

  /**
   * Applies a SamplingTargets document. The quota and its expiry are taken each when present, as
   * the SDKs do: a target may renew only the TTL of the quota in force (a quota with no expiry
   * yet is not used until one arrives).
   */
  applyTarget(
    target: { FixedRate: number; ReservoirQuota?: number; quotaExpiresAt?: number; Interval?: number },
    nowMs: number,
  ): void {
    this.rate = target.FixedRate;
    if (target.ReservoirQuota !== undefined) this.quota = target.ReservoirQuota;
    if (target.quotaExpiresAt !== undefined) this.quotaExpiresAt = target.quotaExpiresAt;
    if (target.Interval !== undefined) this.reportAfter = nowMs + target.Interval * 1000;
  }

  /** Whether this rule has counts to report and its interval has passed. */
  dueForReport(nowMs: number): boolean {
    return this.requests > 0 && nowMs >= this.reportAfter;
  }

  /** This interval's counts as a statistics document; the counts start again from zero. */
  takeStatistics(clientId: string, nowMs: number): SamplingStatisticsDocument {
    const document = {
      RuleName: this.RuleName,
      ClientID: clientId,
      Timestamp: Math.floor(nowMs / 1000),
      RequestCount: this.requests,
      SampledCount: this.sampled,
      BorrowCount: this.borrows,
    };
    this.requests = 0;
    this.sampled = 0;
    this.borrows = 0;
    return document;
  }
}
