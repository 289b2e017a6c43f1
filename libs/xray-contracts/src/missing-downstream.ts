import type { NestedSubsegment } from './segment-document';
import type { SegmentSenders } from './segment-senders';

/**
 * A subsegment that calls another service: namespace "remote" (HTTP, RPC, databases, queues) or
 * "aws" (AWS SDK), or any subsegment that recorded an outgoing HTTP request.
 */
export function isServiceCall(sub: Pick<NestedSubsegment, 'namespace' | 'http'>): boolean {
  return sub.namespace === 'remote' || sub.namespace === 'aws' || sub.http?.request !== undefined;
}

/** A service call that no downstream segment answers, as the rule below reads it. */
export interface UnansweredCall {
  /**
   * The calling subsegment's name, which names what it called (for OpenTelemetry CLIENT spans
   * `peer.service`, `rpc.service`, else the host): the service graph names the callee after it.
   */
  readonly name: string;
  /** `http.request.traced`: the SDK carried the trace header to a service it knows is traced. */
  readonly traced: boolean;
}

/**
 * Whether a call without a downstream segment is missing one. Databases, queues, third-party
 * APIs and services nobody instrumented never send a segment: X-Ray shows them as inferred
 * nodes, and such a call is complete. A segment is expected only when the SDK marked the call
 * `traced`, or when the callee is a service that sends segments of its own.
 */
export function missesDownstreamSegment(call: UnansweredCall, senders: SegmentSenders): boolean {
  return call.traced || senders.has(call.name);
}
