import { w3cTraceIdOf } from '@cruddur/xray-contracts';
import type { Sampler, SamplingDecision } from './sampler';

const SAMPLED: SamplingDecision = { sampled: true };
const NOT_SAMPLED: SamplingDecision = { sampled: false };

/** OpenTelemetry's `always_on` (`ignoresParent`) or `parentbased_always_on`: every trace it decides is recorded. */
export function alwaysOnSampler(ignoresParent: boolean): Sampler {
  return { shouldSample: () => SAMPLED, ignoresParent };
}

/** OpenTelemetry's `always_off` (`ignoresParent`) or `parentbased_always_off`: no trace it decides is recorded. */
export function alwaysOffSampler(ignoresParent: boolean): Sampler {
  return { shouldSample: () => NOT_SAMPLED, ignoresParent };
}

/**
 * OpenTelemetry's `traceidratio` (or `parentbased_traceidratio`): records `ratio` of the traces, decided by the trace id alone,
 * with OpenTelemetry JS's rule (the XOR of the W3C id's four 32-bit words against
 * `ratio * 0xffffffff`), so an OpenTelemetry JS service given the same ratio decides a trace
 * the same way.
 */
export class TraceIdRatioSampler implements Sampler {
  private readonly bound: number;

  constructor(
    readonly ratio: number,
    /** `traceidratio`; `parentbased_traceidratio` follows a trusted upstream. */
    readonly ignoresParent: boolean,
  ) {
    this.bound = ratio >= 1 ? 0x100000000 : Math.floor(Math.max(0, ratio) * 0xffffffff);
  }

  shouldSample(_request: unknown, traceId: string): SamplingDecision {
    const hex = w3cTraceIdOf(traceId);
    let words = 0;
    for (let i = 0; i < 32; i += 8) words = (words ^ parseInt(hex.slice(i, i + 8), 16)) >>> 0;
    return words < this.bound ? SAMPLED : NOT_SAMPLED;
  }
}
