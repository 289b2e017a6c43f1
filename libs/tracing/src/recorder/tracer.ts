import { AWSXRay } from './sdk';
import type { Segment, Subsegment } from 'aws-xray-sdk-core';
import type { TracingConfig } from '../config/tracing-config';
import { formatDaemonAddress } from '../config/daemon-address';
import type { ActiveTrace } from '../context/trace-context';
import { formatTraceHeader, TraceHeader } from '../header/trace-header';
import { toLocalSamplingRules } from '../sampling/sampling-rule-input';
import { newSpanId, newTraceId } from './ids';
import { SampleRequest, sdkShouldSample } from './sampler';
import { SegmentEmitter } from './segment-emitter';
import { createSdkLogger } from './sdk-logger';

/** How a traced operation ended, as X-Ray records it. */
export type Outcome =
  | { kind: 'ok' }
  | { kind: 'error'; throttle?: boolean; cause?: unknown }
  | { kind: 'fault'; cause?: unknown };

export interface SegmentStart {
  name: string;
  incoming?: TraceHeader;
  /** Follow the incoming Sampled flag; otherwise decide here (the edge). */
  trustSampling: boolean;
  sampleRequest: SampleRequest;
}

/**
 * The one place that talks to aws-xray-sdk-core. Everything else works with ActiveTrace
 * and Outcome, so the backend behind them can change without touching services.
 */
export class Tracer {
  private readonly emitter: SegmentEmitter;

  constructor(readonly config: TracingConfig, logger = createSdkLogger()) {
    this.emitter = new SegmentEmitter(config.daemon.udp, (message) => logger.error(message));
  }

  /** Puts the SDK in manual mode (our context is AsyncLocalStorage) and points it at the daemon. */
  static configure(config: TracingConfig): Tracer {
    const logger = createSdkLogger();
    AWSXRay.enableManualMode();
    AWSXRay.setLogger(logger);
    // The SDK's sampling poller uses the TCP address; segments go through our emitter.
    if (!config.daemonFromEnv) AWSXRay.setDaemonAddress(formatDaemonAddress(config.daemon));
    if (!config.centralizedSampling) AWSXRay.middleware.disableCentralizedSampling();
    AWSXRay.middleware.setSamplingRules(toLocalSamplingRules(config.samplingRules, config.serviceName));
    return new Tracer(config, logger);
  }

  /** Opens this service's segment for an incoming request or message. */
  startSegment(start: SegmentStart): ActiveTrace {
    const incoming = start.incoming;
    let sampled: boolean;
    let rule: string | undefined;
    if (start.trustSampling && (incoming?.sampled === '1' || incoming?.sampled === '0')) {
      sampled = incoming.sampled === '1';
    } else {
      ({ sampled, rule } = sdkShouldSample(start.sampleRequest));
    }
    if (!sampled) {
      // Unsampled: no SDK objects at all, only ids to pass on.
      return { traceId: incoming?.root ?? newTraceId(), sampled: false, spanId: newSpanId(), lineage: incoming?.lineage };
    }
    // X-Ray drops segments named over 200 characters; a dynamic name comes from the Host header.
    const segment = new AWSXRay.Segment(start.name.slice(0, 200), incoming?.root ?? null, incoming?.parent ?? null);
    if (rule) segment.setMatchedSamplingRule(rule);
    // The SDK calls flush() once the segment and all its subsegments are closed.
    segment.flush = () => this.emitter.send(segment.format());
    return { traceId: segment.trace_id, sampled: true, spanId: segment.id, segment, current: segment, lineage: incoming?.lineage };
  }

  /** Opens a subsegment under the current one; `remote` marks a call to another service. */
  startSubsegment(parent: ActiveTrace, name: string, remote = false): { trace: ActiveTrace; subsegment?: Subsegment } {
    // Unsampled: nothing is recorded, so the parent's ids serve as they are.
    if (!parent.sampled || !parent.current) return { trace: parent };
    const subsegment = parent.current.addNewSubsegment(name.slice(0, 200));
    if (remote) subsegment.namespace = 'remote';
    return { trace: { ...parent, spanId: subsegment.id, current: subsegment }, subsegment };
  }

  /** `X-Amzn-Trace-Id` for a call made from `trace`. */
  outgoingHeader(trace: ActiveTrace): string {
    return formatTraceHeader({ root: trace.traceId, parent: trace.spanId, sampled: trace.sampled ? '1' : '0', lineage: trace.lineage });
  }

  /** Records the outcome on a (sub)segment and closes it; the SDK sends the segment once all its children closed. */
  finish(target: Segment | Subsegment | undefined, outcome: Outcome): void {
    if (!target || target.isClosed()) return;
    if (outcome.kind === 'error') {
      target.addErrorFlag();
      if (outcome.throttle) target.addThrottleFlag();
      if (outcome.cause !== undefined) this.addCause(target, outcome.cause);
    } else if (outcome.kind === 'fault') {
      if (outcome.cause !== undefined) this.addCause(target, outcome.cause);
      target.addFaultFlag();
    }
    target.close();
  }

  private addCause(target: Segment | Subsegment, cause: unknown): void {
    const error = cause instanceof Error ? cause : new Error(describe(cause));
    // addError sets fault; keep the flags our Outcome chose.
    const flags = { fault: (target as { fault?: boolean }).fault, error: (target as { error?: boolean }).error };
    target.addError(error);
    (target as { fault?: boolean }).fault = flags.fault;
    (target as { error?: boolean }).error = flags.error;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    try {
      return JSON.stringify(value).slice(0, 500);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
