import type { NestedSubsegment, SegmentDocument } from '@cruddur/xray-contracts';
import type { SegmentExporter } from '../export/segment-exporter';
import type { SegmentEntity } from '../recorder/trace-entity';

/** A subsegment as the recorder writes it: metadata keyed by namespace. */
export type RecordedSubsegment = Omit<NestedSubsegment, 'metadata' | 'subsegments'> & {
  metadata?: Record<string, Record<string, unknown>>;
  subsegments?: RecordedSubsegment[];
};

/** A segment document as the recorder writes it. */
export type RecordedSegment = Omit<SegmentDocument, 'metadata' | 'subsegments'> &
  Pick<RecordedSubsegment, 'metadata' | 'subsegments'>;

/**
 * Keeps every exported segment as its document, for tests that check what was recorded
 * rather than how it travelled (each exporter has its own tests).
 */
export class InMemoryExporter implements SegmentExporter {
  readonly documents: RecordedSegment[] = [];

  export(segment: SegmentEntity): void {
    this.documents.push(segment.toDocument() as RecordedSegment);
  }

  async shutdown(): Promise<void> {
    return undefined;
  }

  forTrace(traceId: string): RecordedSegment[] {
    return this.documents.filter((d) => d.trace_id === traceId);
  }

  /** Waits until `predicate` holds for the trace's documents, or the timeout passes. */
  async waitForTrace(
    traceId: string,
    predicate: (documents: RecordedSegment[]) => boolean,
    timeoutMs = 5000,
  ): Promise<RecordedSegment[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.forTrace(traceId);
      if (predicate(found) || Date.now() >= deadline) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
