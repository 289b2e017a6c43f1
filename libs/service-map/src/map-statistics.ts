import type { Outcome, SummaryStatistics } from '@cruddur/xray-contracts';

/** How a set of calls ended, as shares of the total (0..1; all zero when there were no calls). */
export interface OutcomeShares {
  readonly ok: number;
  /** 4xx other than 429. */
  readonly error: number;
  /** 429. */
  readonly throttle: number;
  /** 5xx. */
  readonly fault: number;
}

/** What the map shows for a node or an edge, derived from the API's SummaryStatistics. */
export interface MapStatistics {
  readonly total: number;
  readonly ok: number;
  readonly error: number;
  readonly throttle: number;
  readonly fault: number;
  /** Seconds; undefined without calls. */
  readonly averageResponseTime: number | undefined;
  /** Calls per minute over the graph's time window. */
  readonly perMinute: number;
  readonly shares: OutcomeShares;
}

/** The outcome the map colours by: the worst one that happened at all, as the X-Ray console does. */
export type Health = Outcome | 'idle';

export const NO_CALLS: SummaryStatistics = {
  OkCount: 0,
  ErrorStatistics: { ThrottleCount: 0, OtherCount: 0, TotalCount: 0 },
  FaultStatistics: { OtherCount: 0, TotalCount: 0 },
  TotalCount: 0,
  TotalResponseTime: 0,
};

/** Adds statistics field by field (the client node's traffic is the sum of its outgoing edges). */
export function addSummaries(a: SummaryStatistics, b: SummaryStatistics): SummaryStatistics {
  return {
    OkCount: a.OkCount + b.OkCount,
    ErrorStatistics: {
      ThrottleCount: a.ErrorStatistics.ThrottleCount + b.ErrorStatistics.ThrottleCount,
      OtherCount: a.ErrorStatistics.OtherCount + b.ErrorStatistics.OtherCount,
      TotalCount: a.ErrorStatistics.TotalCount + b.ErrorStatistics.TotalCount,
    },
    FaultStatistics: {
      OtherCount: a.FaultStatistics.OtherCount + b.FaultStatistics.OtherCount,
      TotalCount: a.FaultStatistics.TotalCount + b.FaultStatistics.TotalCount,
    },
    TotalCount: a.TotalCount + b.TotalCount,
    TotalResponseTime: a.TotalResponseTime + b.TotalResponseTime,
  };
}

/**
 * Counts, shares, average response time and rate. Throttles are counted inside ErrorStatistics
 * by the API; here they are split out so the four outcomes add up to the total.
 */
export function mapStatistics(summary: SummaryStatistics, windowSeconds: number): MapStatistics {
  const total = summary.TotalCount;
  const throttle = summary.ErrorStatistics.ThrottleCount;
  const error = summary.ErrorStatistics.TotalCount - throttle;
  const fault = summary.FaultStatistics.TotalCount;
  const ok = summary.OkCount;
  const share = (count: number) => (total > 0 ? count / total : 0);
  return {
    total,
    ok,
    error,
    throttle,
    fault,
    averageResponseTime: total > 0 ? summary.TotalResponseTime / total : undefined,
    perMinute: windowSeconds > 0 ? (total * 60) / windowSeconds : 0,
    shares: { ok: share(ok), error: share(error), throttle: share(throttle), fault: share(fault) },
  };
}

export function healthOf(stats: MapStatistics): Health {
  if (stats.total === 0) return 'idle';
  if (stats.fault > 0) return 'fault';
  if (stats.throttle > 0) return 'throttle';
  if (stats.error > 0) return 'error';
  return 'ok';
}
