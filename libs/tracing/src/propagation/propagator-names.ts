import { CompositePropagator } from './composite-propagator';
import type { Propagator } from './propagator';
import { W3CTraceContextPropagator } from './w3c-trace-context-propagator';
import { XRayPropagator } from './xray-propagator';

/** The propagators by their `OTEL_PROPAGATORS` names. */
export type PropagatorName = 'xray' | 'tracecontext';

export const PROPAGATOR_NAMES: readonly PropagatorName[] = ['xray', 'tracecontext'];

/**
 * Both, W3C first: when the two headers name different traces the later one wins (see
 * reconcile), so `X-Amzn-Trace-Id`, the header AWS load balancers and API Gateway update as a
 * request passes them, decides; ADOT documents the same order (`tracecontext,baggage,xray`).
 */
export const DEFAULT_PROPAGATORS: readonly PropagatorName[] = ['tracecontext', 'xray'];

/** One propagator for the configured names: itself when there is one, a composite otherwise. */
export function propagatorFor(names: readonly PropagatorName[]): Propagator {
  const propagators = names.map((name) => (name === 'xray' ? new XRayPropagator() : new W3CTraceContextPropagator()));
  return propagators.length === 1 ? propagators[0] : new CompositePropagator(propagators);
}
