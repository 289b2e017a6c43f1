import {
  formatTraceparent,
  parseTraceparent,
  passableTracestate,
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
} from '@cruddur/xray-contracts';
import type { ActiveTrace } from '../context/trace-context';
import type { Carrier, CarrierSetter, IncomingContext, Propagator } from './propagator';

/**
 * W3C Trace Context: `traceparent` (trace id, parent span id, sampled flag) and `tracestate`,
 * which is passed on unchanged and only with a valid `traceparent` (the W3C rule).
 */
export class W3CTraceContextPropagator implements Propagator {
  readonly fields = [TRACEPARENT_HEADER, TRACESTATE_HEADER] as const;

  extract(carrier: Carrier): IncomingContext | undefined {
    const parsed = parseTraceparent(carrier[TRACEPARENT_HEADER]);
    if (parsed === undefined) return undefined;
    const traceState = passableTracestate(carrier[TRACESTATE_HEADER]);
    return { root: parsed.root, parent: parsed.parent, sampled: parsed.sampled ? '1' : '0', traceState };
  }

  inject<C>(trace: ActiveTrace, carrier: C, set: CarrierSetter<C>): void {
    set(carrier, TRACEPARENT_HEADER, formatTraceparent(trace.traceId, trace.spanId, trace.sampled));
    if (trace.traceState !== undefined) set(carrier, TRACESTATE_HEADER, trace.traceState);
  }
}
