import type {
  GetSamplingStatisticSummariesResult,
  GetSamplingTargetsResult,
  SamplingTargetDocument,
} from '@cruddur/xray-contracts';
import { paginate } from '../api-errors/next-token';
import { optionalString, requireObject } from '../api-errors/request-fields';
import { ReservoirAllocator } from './reservoir-allocator';
import { SamplingRuleRegistry } from './sampling-rule-registry';
import { parseSamplingStatisticsDocuments } from './sampling-statistics-document';
import { SamplingStatistics } from './sampling-statistics';
import { toSdkTimestamp } from './sdk-timestamp';

export interface SamplingTargetsOptions {
  /** Clock in epoch milliseconds. */
  readonly now?: () => number;
  /** Seconds between an SDK's target requests; the SDKs default to 10. */
  readonly intervalSeconds?: number;
}

const SUMMARY_PAGE_SIZE = 100;

/**
 * The SamplingTargets operation (GetSamplingTargets): records what each SDK reports per rule
 * and answers with that client's reservoir quota, the rule's rate and when to ask again.
 * A quota lives two intervals, so one late report does not drop a client to borrowing.
 */
export class SamplingTargets {
  private readonly now: () => number;
  private readonly intervalSeconds: number;
  private readonly allocator: ReservoirAllocator;
  private readonly statistics = new SamplingStatistics();

  constructor(
    private readonly rules: SamplingRuleRegistry,
    options: SamplingTargetsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.intervalSeconds = options.intervalSeconds ?? 10;
    // A client that missed three reports has stopped sending traffic for the rule.
    this.allocator = new ReservoirAllocator(3 * this.intervalSeconds * 1000);
  }

  /** POST /SamplingTargets with `{SamplingStatisticsDocuments: [...]}`. */
  getSamplingTargets(request: unknown): GetSamplingTargetsResult {
    const documents = parseSamplingStatisticsDocuments(request);
    const now = this.now();
    const known = documents.flatMap((document) => {
      const record = this.rules.get(document.RuleName);
      return record ? [{ document, rule: record.SamplingRule }] : [];
    });
    for (const { document } of known) {
      this.allocator.record(document.RuleName, document.ClientID, document.RequestCount, now);
      this.statistics.record(document);
    }
    const targets = new Map<string, SamplingTargetDocument>();
    for (const { document, rule } of known) {
      targets.set(rule.RuleName, {
        RuleName: rule.RuleName,
        FixedRate: rule.FixedRate,
        ReservoirQuota: this.allocator.quota(rule.RuleName, document.ClientID, rule.ReservoirSize, now),
        ReservoirQuotaTTL: toSdkTimestamp(now + 2 * this.intervalSeconds * 1000),
        Interval: this.intervalSeconds,
      });
    }
    return {
      SamplingTargetDocuments: [...targets.values()],
      LastRuleModification: toSdkTimestamp(this.rules.lastRuleModification * 1000),
      UnprocessedStatistics: documents
        .filter((document) => this.rules.get(document.RuleName) === undefined)
        .map((document) => ({
          RuleName: document.RuleName,
          ErrorCode: '400',
          Message: `Sampling rule ${document.RuleName} does not exist`,
        })),
    };
  }

  /** POST /SamplingStatisticSummaries with `{NextToken?}`. */
  getSamplingStatisticSummaries(request: unknown = {}): GetSamplingStatisticSummariesResult {
    const path = 'GetSamplingStatisticSummariesRequest';
    const nextToken = optionalString(requireObject(request, path), 'NextToken', path);
    const summaries = this.statistics.summaries((name) => this.rules.get(name) !== undefined);
    const page = paginate(summaries, (summary) => summary.RuleName, path, nextToken, SUMMARY_PAGE_SIZE);
    return page.nextToken === undefined
      ? { SamplingStatisticSummaries: page.items }
      : { SamplingStatisticSummaries: page.items, NextToken: page.nextToken };
  }
}
