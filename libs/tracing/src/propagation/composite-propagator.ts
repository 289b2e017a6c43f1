import type { ActiveTrace } from '../context/trace-context';
import type { Carrier, CarrierSetter, IncomingContext, Propagator } from './propagator';

/**
 * Several propagators at once: each injects its own fields; on extract, when more than one
 * header names a context, they are reconciled by `reconcile` below.
 */
export class CompositePropagator implements Propagator {
  readonly fields: readonly string[];

  constructor(private readonly propagators: readonly Propagator[]) {
    this.fields = propagators.flatMap((p) => p.fields);
  }

  extract(carrier: Carrier): IncomingContext | undefined {
    let chosen: IncomingContext | undefined;
    for (const propagator of this.propagators) {
      const found = propagator.extract(carrier);
      if (found !== undefined) chosen = chosen === undefined ? found : reconcile(chosen, found);
    }
    return chosen;
  }

  inject<C>(trace: ActiveTrace, carrier: C, set: CarrierSetter<C>): void {
    for (const propagator of this.propagators) propagator.inject(trace, carrier, set);
  }
}

function decided(flag: IncomingContext['sampled']): boolean {
  return flag === '0' || flag === '1';
}

/**
 * Two headers that both name a context (`earlier` from a propagator listed before `later`):
 * - the same trace: `later` wins, and what it lacks (parent, a decided Sampled, Lineage,
 *   tracestate) comes from `earlier`, e.g. a Root-only `X-Amzn-Trace-Id` next to a full
 *   `traceparent` for the same trace;
 * - different traces: one that names its parent beats a Root-only one (the root a load
 *   balancer added in front of a caller that sent `traceparent`); otherwise `later` wins, as
 *   OpenTelemetry's composite propagator lets the last valid extractor win.
 */
export function reconcile(earlier: IncomingContext, later: IncomingContext): IncomingContext {
  if (earlier.root !== later.root) return later.parent === undefined && earlier.parent !== undefined ? earlier : later;
  // The common case between our own services (both headers complete and alike): nothing to fill, no new object.
  const laterDecided = decided(later.sampled);
  if (
    (later.parent !== undefined || earlier.parent === undefined) &&
    (laterDecided || !decided(earlier.sampled)) &&
    (later.lineage !== undefined || earlier.lineage === undefined) &&
    (later.traceState !== undefined || earlier.traceState === undefined)
  ) {
    return later;
  }
  return {
    root: later.root,
    parent: later.parent ?? earlier.parent,
    sampled: laterDecided || !decided(earlier.sampled) ? later.sampled : earlier.sampled,
    lineage: later.lineage ?? earlier.lineage,
    traceState: later.traceState ?? earlier.traceState,
  };
}
