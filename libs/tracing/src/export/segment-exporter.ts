import type { SegmentEntity } from '../recorder/trace-entity';

/**
 * Where finished segments go, as OpenTelemetry's SpanExporter: the X-Ray daemon over UDP, an
 * OTLP endpoint, or memory (tests). `export` is called on the request's path, so it must
 * never block or throw: slow work (network, batching) happens behind it.
 */
export interface SegmentExporter {
  /** Takes a closed segment (with its closed subsegments). */
  export(segment: SegmentEntity): void;
  /** Sends what is still queued and releases sockets and timers. */
  shutdown(): Promise<void>;
}
