import { w3cTraceIdOf } from '@cruddur/xray-contracts';
import type { Sampler, SamplingDecision } from './sampler';

const SAMPLED: SamplingDecision = { sampled: true };
const NOT_SAMPLED: SamplingDecision = { sampled: false };

/** OpenTelemetry's `always_on`: every trace that starts here is recorded. */
export const alwaysOnSampler: Sampler = { shouldSample: () => SAMPLED };

/** OpenTelemetry's `always_off`: no trace that starts here is recorded. */
export const alwaysOffSampler: Sampler = { shouldSample: () => NOT_SAMPLED };

/**
 * OpenTelemetry's `traceidratio`: records `ratio` of the traces, decided by the trace id alone,
 * with OpenTelemetry JS's rule (the XOR of the W3C id's four 32-bit words against
 * `ratio * 0xffffffff`), so an OpenTelemetry JS service given the same ratio decides a trace
 * the same way.
 */
export class TraceIdRatioSampler implements Sampler {
  private readonly bound: number;

  constructor(readonly ratio: number) {
    this.bound = ratio >= 1 ? 0x100000000 : Math.floor(Math.max(0, ratio) * 0xffffffff);
  }

  shouldSample(_request: unknown, traceId: string): SamplingDecision {
    const hex = w3cTraceIdOf(traceId);
    let words = 0;
    for (let i = 0; i < 32; i += 8) words = (words ^ parseInt(hex.slice(i, i + 8), 16)) >>> 0;
    return words < this.bound ? SAMPLED : NOT_SAMPLED;
  }
}
