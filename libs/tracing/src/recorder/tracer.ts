import { formatTraceHeader, newSegmentId, newTraceId, type TraceHeader } from '@cruddur/xray-contracts';
import { AWSXRay } from './sdk';
import type { TracingConfig } from '../config/tracing-config';
import { formatDaemonAddress } from '../config/daemon-address';
import type { ActiveTrace } from '../context/trace-context';
import { toLocalSamplingRules } from '../sampling/sampling-rule-input';
import { SampleRequest, sdkShouldSample } from './sampler';
import { SegmentEmitter } from './segment-emitter';
import { SegmentEntity, SubsegmentEntity } from './trace-entity';
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

  private readonly sdk = { sdk: 'X-Ray for Node.js', sdk_version: (AWSXRay.SegmentUtils as unknown as { sdkData?: { sdk_version?: string } }).sdkData?.sdk_version ?? 'unknown', package: '@cruddur/tracing' };

  constructor(readonly config: TracingConfig, logger = createSdkLogger()) {
    this.emitter = new SegmentEmitter(config.daemon.udp, (message) => logger.error(message));
  }

  /** Closes the UDP socket (tests; a service just exits). */
  close(): void {
    this.emitter.close();
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
      return { traceId: incoming?.root ?? newTraceId(), sampled: false, spanId: newSegmentId(), lineage: incoming?.lineage };
    }
    // X-Ray drops segments named over 200 characters; a dynamic name comes from the Host header.
    const segment = new SegmentEntity(start.name.slice(0, 200), incoming?.root ?? newTraceId(), incoming?.parent, (done) => this.emitter.send(done), this.sdk);
    if (rule) segment.samplingRule = rule;
    return { traceId: segment.trace_id, sampled: true, spanId: segment.id, segment, current: segment, lineage: incoming?.lineage };
  }

  /** Opens a subsegment under the current one; `remote` marks a call to another service. */
  startSubsegment(parent: ActiveTrace, name: string, remote = false): { trace: ActiveTrace; subsegment?: SubsegmentEntity } {
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

  /** Records the outcome on a (sub)segment and closes it; a segment is sent once all its children closed. */
  finish(target: SegmentEntity | SubsegmentEntity | undefined, outcome: Outcome): void {
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

  private addCause(target: SegmentEntity | SubsegmentEntity, cause: unknown): void {
    target.addException(cause, target.namespace === 'remote');
  }
}

