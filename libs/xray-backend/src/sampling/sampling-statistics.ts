import type { SamplingStatisticsDocument, SamplingStatisticSummary } from '@cruddur/xray-contracts';

const WINDOW_SECONDS = 10;

/**
 * Sums what all SDKs report per rule per 10-second window (by the report's Timestamp) and keeps
 * the latest window per rule, which is what GetSamplingStatisticSummaries shows.
 */
export class SamplingStatistics {
  private readonly latest = new Map<string, SamplingStatisticSummary>();

  record(document: SamplingStatisticsDocument): void {
    const window = Math.floor(document.Timestamp / WINDOW_SECONDS) * WINDOW_SECONDS;
    const current = this.latest.get(document.RuleName);
    if (current && current.Timestamp > window) return;
    const base = current && current.Timestamp === window ? current : undefined;
    this.latest.set(document.RuleName, {
      RuleName: document.RuleName,
      Timestamp: window,
      RequestCount: (base?.RequestCount ?? 0) + document.RequestCount,
      BorrowCount: (base?.BorrowCount ?? 0) + document.BorrowCount,
      SampledCount: (base?.SampledCount ?? 0) + document.SampledCount,
    });
  }

  /** Latest window of each rule that still exists, by rule name. */
  summaries(ruleExists: (ruleName: string) => boolean): SamplingStatisticSummary[] {
    for (const name of this.latest.keys()) if (!ruleExists(name)) this.latest.delete(name);
    return [...this.latest.values()].sort((a, b) => (a.RuleName < b.RuleName ? -1 : a.RuleName > b.RuleName ? 1 : 0));
  }
}
