import { formatTraceHeader, parseTraceHeader, TRACE_HEADER } from '@cruddur/xray-contracts';
import type { ActiveTrace } from '../context/trace-context';
import type { Carrier, CarrierSetter, IncomingContext, Propagator } from './propagator';

/**
 * `X-Amzn-Trace-Id: Root=...;Parent=...;Sampled=...;Lineage=...`. A Root-only header (what a
 * load balancer adds) or `Sampled=?` still names the trace: the root is kept and sampling is
 * decided here. The root is continued whatever its first 8 hex say: OpenTelemetry's random ids
 * put no time there.
 */
export class XRayPropagator implements Propagator {
  readonly fields = [TRACE_HEADER] as const;

  extract(carrier: Carrier): IncomingContext | undefined {
    return parseTraceHeader(carrier[TRACE_HEADER]);
  }

  inject<C>(trace: ActiveTrace, carrier: C, set: CarrierSetter<C>): void {
    set(
      carrier,
      TRACE_HEADER,
      formatTraceHeader({
        root: trace.traceId,
        parent: trace.spanId,
        sampled: trace.sampled ? '1' : '0',
        lineage: trace.lineage,
      }),
    );
  }
}
