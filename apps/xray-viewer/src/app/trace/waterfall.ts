import type { Trace } from '@cruddur/xray-contracts';
import {
  isServiceCall,
  missesDownstreamSegment,
  outcomeOfFlags,
  type EntityFields,
  type NestedSubsegment,
  type Outcome,
  type SegmentDocument,
  type SegmentSenders,
} from '@cruddur/xray-contracts';

/** One bar of the waterfall: a segment or a subsegment, placed on the trace's time axis. */
export interface WaterfallRow {
  readonly id: string;
  readonly name: string;
  readonly kind: 'segment' | 'subsegment';
  /** The service (segment name) the row belongs to. */
  readonly service: string;
  /** Nesting: subsegments under their parent, downstream segments under the call that made them. */
  readonly depth: number;
  /** Seconds from the trace's first start. */
  readonly offset: number;
  /** Seconds; for an in-progress entity, up to the end of the trace. */
  readonly duration: number;
  /** Left edge and width as shares of the trace duration (0..1). */
  readonly left: number;
  readonly width: number;
  readonly outcome: Outcome;
  readonly inProgress: boolean;
  /**
   * A call whose downstream segment never arrived (no segment names it as parent) although one
   * was expected: the callee sends segments, or the SDK marked the call `traced`. A call to a
   * database, queue, third-party API or uninstrumented service is an inferred call, not this.
   */
  readonly missingDownstream: boolean;
  /** A segment whose caller (its parent_id) is not in the trace. */
  readonly missingUpstream: boolean;
  readonly entity: EntityFields & Partial<Pick<NestedSubsegment, 'namespace'>>;
}

export interface Waterfall {
  readonly startTime: number;
  readonly duration: number;
  readonly rows: readonly WaterfallRow[];
  /** Some part of the trace is missing (see missingDownstream / missingUpstream). */
  readonly incomplete: boolean;
}

/** The segment documents of a BatchGetTraces trace (each Document is JSON text). */
export function traceDocuments(trace: Trace): SegmentDocument[] {
  return trace.Segments.map((segment) => JSON.parse(segment.Document) as SegmentDocument);
}

function byStart(a: EntityFields, b: EntityFields): number {
  return a.start_time - b.start_time;
}

/**
 * Lays a trace out as the X-Ray console's timeline does: one time axis for every service, each
 * segment followed by its subsegments (nested), and a downstream service's segment placed under
 * the remote subsegment that called it. A call that no segment names as its parent, to one of
 * `senders` or marked `traced` (missesDownstreamSegment), is a call whose downstream segment
 * never arrived: the trace is incomplete there.
 */
export function buildWaterfall(documents: readonly SegmentDocument[], senders: SegmentSenders): Waterfall {
  const segmentsByParent = new Map<string, SegmentDocument[]>();
  const entityIds = new Set<string>();
  const collectIds = (entity: EntityFields) => {
    entityIds.add(entity.id);
    entity.subsegments?.forEach(collectIds);
  };
  documents.forEach(collectIds);
  for (const segment of documents) {
    if (segment.parent_id === undefined) continue;
    segmentsByParent.set(segment.parent_id, [...(segmentsByParent.get(segment.parent_id) ?? []), segment]);
  }

  const starts = documents.map((segment) => segment.start_time);
  const ends: number[] = [];
  const collectEnds = (entity: EntityFields) => {
    ends.push(entity.end_time ?? entity.start_time);
    entity.subsegments?.forEach(collectEnds);
  };
  documents.forEach(collectEnds);
  const startTime = starts.length === 0 ? 0 : Math.min(...starts);
  const endTime = ends.length === 0 ? startTime : Math.max(...ends);
  const duration = endTime - startTime;
  const share = (seconds: number) => (duration > 0 ? seconds / duration : 0);

  const rows: WaterfallRow[] = [];
  const visit = (
    entity: WaterfallRow['entity'],
    kind: WaterfallRow['kind'],
    service: string,
    depth: number,
    missingUpstream: boolean,
  ) => {
    const inProgress = entity.end_time === undefined;
    const offset = entity.start_time - startTime;
    const length = (entity.end_time ?? endTime) - entity.start_time;
    const downstream = segmentsByParent.get(entity.id) ?? [];
    const missingDownstream =
      kind === 'subsegment' &&
      downstream.length === 0 &&
      isServiceCall(entity) &&
      missesDownstreamSegment({ name: entity.name, traced: entity.http?.request?.traced === true }, senders);
    rows.push({
      id: entity.id,
      name: entity.name,
      kind,
      service,
      depth,
      offset,
      duration: length,
      left: share(offset),
      width: share(length),
      outcome: outcomeOfFlags(entity),
      inProgress,
      missingDownstream,
      missingUpstream,
      entity,
    });
    const children: { entity: EntityFields; segment: boolean }[] = [
      ...(entity.subsegments ?? []).map((sub) => ({ entity: sub, segment: false })),
      ...downstream.map((segment) => ({ entity: segment, segment: true })),
    ].sort((a, b) => byStart(a.entity, b.entity));
    for (const child of children) {
      if (child.segment) visit(child.entity, 'segment', child.entity.name, depth + 1, false);
      else visit(child.entity, 'subsegment', service, depth + 1, false);
    }
  };
  const roots = documents
    .filter((segment) => segment.parent_id === undefined || !entityIds.has(segment.parent_id))
    .sort(byStart);
  for (const root of roots) visit(root, 'segment', root.name, 0, root.parent_id !== undefined);
  return { startTime, duration, rows, incomplete: rows.some((row) => row.missingDownstream || row.missingUpstream) };
}
