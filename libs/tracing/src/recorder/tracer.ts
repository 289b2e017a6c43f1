import { newSegmentId, newTraceId } from '@cruddur/xray-contracts';
import type { TracingConfig } from '../config/tracing-config';
import type { ActiveTrace } from '../context/trace-context';
import type { SegmentExporter } from '../export/segment-exporter';
import type { Carrier, CarrierSetter, IncomingContext, Propagator } from '../propagation/propagator';
import type { SampleRequest, Sampler } from '../sampling/sampler';
import { SegmentEntity, SubsegmentEntity } from './trace-entity';
import type { RecorderIdentity } from './tracing-identity';

/** How a traced operation completed, with what caused an error or fault: what `finish` records. */
export type Completion =
  { kind: 'ok' } | { kind: 'error'; throttle?: boolean; cause?: unknown } | { kind: 'fault'; cause?: unknown };

/** The completion of everything that went well: one object for all of them. */
export const OK: Completion = { kind: 'ok' };

export interface SegmentStart {
  name: string;
  incoming?: IncomingContext;
  /** Follow the incoming Sampled flag; otherwise decide here (the edge). */
  trustSampling: boolean;
  sampleRequest: SampleRequest;
}

/** What the recorder is built from: each behind its interface, chosen by configuration (setup/). */
export interface TracerParts {
  sampler: Sampler;
  exporter: SegmentExporter;
  propagator: Propagator;
  /** What segment documents say about the recorder (`aws.xray`). */
  sdkIdentity: RecorderIdentity;
}

/**
 * The recorder. Everything else works with ActiveTrace and Completion; the sampler, the exporter
 * and the propagator are interfaces, so the backend behind them can change without touching
 * services.
 */
export class Tracer {
  constructor(
    readonly config: TracingConfig,
    private readonly parts: TracerParts,
  ) {}

  /** Sends what is queued and releases sockets and timers (the sampler's pollers too). */
  shutdown(): Promise<void> {
    this.parts.sampler.shutdown?.();
    return this.parts.exporter.shutdown();
  }

  /** The trace context in incoming headers or packet metadata, by the configured propagators. */
  extract(carrier: Carrier): IncomingContext | undefined {
    return this.parts.propagator.extract(carrier);
  }

  /** Writes the trace context for a call made from `trace` into an outgoing carrier. */
  inject<C>(trace: ActiveTrace, carrier: C, set: CarrierSetter<C>): void {
    this.parts.propagator.inject(trace, carrier, set);
  }

  /** Opens this service's segment for an incoming request or message. */
  startSegment(start: SegmentStart): ActiveTrace {
    const incoming = start.incoming;
    const traceId = incoming?.root ?? newTraceId();
    let sampled: boolean;
    let rule: string | undefined;
    // A trusted upstream decision is followed (X-Ray's rule, and the parent branch of OpenTelemetry's
    // `parentbased_*` samplers), unless the sampler decides every trace itself.
    if (
      start.trustSampling &&
      (incoming?.sampled === '1' || incoming?.sampled === '0') &&
      !this.parts.sampler.ignoresParent
    ) {
      sampled = incoming.sampled === '1';
    } else {
      ({ sampled, rule } = this.parts.sampler.shouldSample(start.sampleRequest, traceId));
    }
    if (!sampled) {
      // Unsampled: no segment at all, only ids to pass on.
      return {
        traceId,
        sampled: false,
        spanId: newSegmentId(),
        lineage: incoming?.lineage,
        traceState: incoming?.traceState,
      };
    }
    // X-Ray drops segments named over 200 characters; a dynamic name comes from the Host header.
    const segment = new SegmentEntity(
      start.name.slice(0, 200),
      traceId,
      incoming?.parent,
      this.exportSegment,
      this.parts.sdkIdentity,
    );
    if (rule) segment.samplingRule = rule;
    return {
      traceId: segment.trace_id,
      sampled: true,
      spanId: segment.id,
      segment,
      current: segment,
      lineage: incoming?.lineage,
      traceState: incoming?.traceState,
    };
  }

  /** Opens a subsegment under the current one; `remote` marks a call to another service. */
  startSubsegment(
    parent: ActiveTrace,
    name: string,
    remote = false,
  ): { trace: ActiveTrace; subsegment?: SubsegmentEntity } {
    // Unsampled: nothing is recorded, so the parent's ids serve as they are.
    if (!parent.sampled || !parent.current) return { trace: parent };
    const subsegment = parent.current.addNewSubsegment(name.slice(0, 200));
    if (remote) subsegment.namespace = 'remote';
    return { trace: { ...parent, spanId: subsegment.id, current: subsegment }, subsegment };
  }

  /** Records the outcome on a (sub)segment and closes it; a segment is sent once all its children closed. */
  finish(target: SegmentEntity | SubsegmentEntity | undefined, outcome: Completion): void {
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

  // One function for every segment: no closure per request.
  private readonly exportSegment = (segment: SegmentEntity): void => this.parts.exporter.export(segment);

  private addCause(target: SegmentEntity | SubsegmentEntity, cause: unknown): void {
    target.addException(cause, target.namespace === 'remote');
  }
}
