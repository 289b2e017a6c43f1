import type { SampledFlag } from '@cruddur/xray-contracts';
import type { ActiveTrace } from '../context/trace-context';

/**
 * The trace context a caller sent, whichever header carried it. Ids in X-Ray form; `sampled`
 * is the caller's decision (`?` or absent: not decided).
 */
export interface IncomingContext {
  root: string;
  parent?: string;
  sampled?: SampledFlag;
  /** X-Ray's `Lineage` (set by AWS services): passed on untouched, never interpreted. */
  lineage?: string;
  /** W3C `tracestate` (other vendors' state): passed on untouched. */
  traceState?: string;
}

/**
 * Where a context is read from: HTTP request headers (node lower-cases their names) or a TCP
 * packet's `metadata`. Values are whatever arrived; every propagator validates its own.
 */
export type Carrier = Readonly<Record<string, unknown>>;

/**
 * Writes one field into an outgoing carrier (a request's headers, a packet's metadata). A
 * module-level function per carrier kind, as OpenTelemetry's TextMapSetter: no closure per call.
 */
export type CarrierSetter<C> = (carrier: C, name: string, value: string) => void;

/**
 * Reads and writes trace context in one wire format, as OpenTelemetry's TextMapPropagator:
 * `X-Amzn-Trace-Id`, W3C `traceparent`/`tracestate`, or several of them at once.
 */
export interface Propagator {
  /** The header or metadata names this propagator writes. */
  readonly fields: readonly string[];
  /** The context in `carrier`, or undefined when it holds none this propagator accepts. */
  extract(carrier: Carrier): IncomingContext | undefined;
  /** Writes the context for a call made from `trace` (its current span is the callee's parent). */
  inject<C>(trace: ActiveTrace, carrier: C, set: CarrierSetter<C>): void;
}
