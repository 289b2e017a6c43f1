import type { OutcomeFlags, SummaryStatistics } from '@cruddur/xray-contracts';
import { ResponseTimeHistogram } from './response-time-histogram';

/** One timed call as the graph counts it: a service's own segment, or a caller's subsegment. */
export interface TimedOutcome extends OutcomeFlags {
  readonly startTime: number;
  readonly endTime: number;
}

/**
 * Running statistics of a node or an edge. Counts are exclusive (fault, then error/throttle, then
 * ok) so OkCount + errors + faults = TotalCount, as the console's pie charts assume.
 */
export class CallStatistics {
  private ok = 0;
  private throttle = 0;
  private otherError = 0;
  private fault = 0;
  private totalResponseTime = 0;
  private readonly histogram = new ResponseTimeHistogram();
  startTime = Number.POSITIVE_INFINITY;
  endTime = Number.NEGATIVE_INFINITY;

  /** `weight` -1 takes back an earlier +1 (a provisional inferred edge that turned out to be real). */
  add(call: TimedOutcome, weight: 1 | -1): void {
    if (call.fault) this.fault += weight;
    else if (call.throttle) this.throttle += weight;
    else if (call.error) this.otherError += weight;
    else this.ok += weight;
    const responseTime = call.endTime - call.startTime;
    this.totalResponseTime += weight * responseTime;
    this.histogram.add(responseTime, weight);
    if (weight > 0) {
      if (call.startTime < this.startTime) this.startTime = call.startTime;
      if (call.endTime > this.endTime) this.endTime = call.endTime;
    }
  }

  mergeInto(target: CallStatistics): void {
    target.ok += this.ok;
    target.throttle += this.throttle;
    target.otherError += this.otherError;
    target.fault += this.fault;
    target.totalResponseTime += this.totalResponseTime;
    this.histogram.mergeInto(target.histogram);
    if (this.startTime < target.startTime) target.startTime = this.startTime;
    if (this.endTime > target.endTime) target.endTime = this.endTime;
  }

  get totalCount(): number {
    return this.ok + this.throttle + this.otherError + this.fault;
  }

  summary(): SummaryStatistics {
    const errors = this.throttle + this.otherError;
    return {
      OkCount: this.ok,
      ErrorStatistics: { ThrottleCount: this.throttle, OtherCount: this.otherError, TotalCount: errors },
      FaultStatistics: { OtherCount: this.fault, TotalCount: this.fault },
      TotalCount: this.totalCount,
      // Summing many float durations drifts; microsecond precision is what the SDKs record anyway.
      TotalResponseTime: Math.round(this.totalResponseTime * 1e6) / 1e6,
    };
  }

  responseTimeHistogram(): ReturnType<ResponseTimeHistogram['entries']> {
    return this.histogram.entries();
  }
}
