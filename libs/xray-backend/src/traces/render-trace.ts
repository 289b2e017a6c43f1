import type { Trace, TraceSegment } from '@cruddur/xray-contracts';
import type { SegmentRecord } from '../store/segment-record';
import type { StoredTrace } from '../store/stored-trace';

type DocumentNode = { id?: unknown; subsegments?: unknown };

function findById(node: DocumentNode, id: string): DocumentNode | undefined {
  if (node.id === id) return node;
  if (!Array.isArray(node.subsegments)) return undefined;
  for (const sub of node.subsegments as DocumentNode[]) {
    const found = findById(sub, id);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Segment documents with streamed subsegments merged into the (sub)segment named by their
 * parent_id, as X-Ray returns them. Merging happens here, on read, so arrival order never matters
 * and ingest stays cheap; traces without streamed subsegments are served from the stored text.
 * A streamed subsegment whose parent never arrived is served as its own document.
 */
function segmentDocuments(records: readonly SegmentRecord[]): TraceSegment[] {
  const segments = records.filter((r) => r.kind === 'segment');
  let pending = records.filter((r) => r.kind === 'subsegment');
  if (pending.length === 0) return segments.map((r) => ({ Id: r.id, Document: r.json }));

  const trees = new Map<SegmentRecord, DocumentNode>();
  const tree = (r: SegmentRecord): DocumentNode => {
    let parsed = trees.get(r);
    if (parsed === undefined) trees.set(r, (parsed = JSON.parse(r.json) as DocumentNode));
    return parsed;
  };
  // Keep merging until a pass attaches nothing: streamed subsegments may hang off each other.
  for (let progress = true; progress && pending.length > 0;) {
    progress = false;
    const stillPending: SegmentRecord[] = [];
    for (const sub of pending) {
      let parent: DocumentNode | undefined;
      for (const segment of segments) if ((parent = findById(tree(segment), sub.parentId ?? '')) !== undefined) break;
      if (parent === undefined) {
        stillPending.push(sub);
        continue;
      }
      const child = JSON.parse(sub.json) as Record<string, unknown>;
      // Embedded, it is an ordinary nested subsegment: drop the stand-alone routing fields.
      delete child.type;
      delete child.trace_id;
      delete child.parent_id;
      parent.subsegments = Array.isArray(parent.subsegments) ? [...parent.subsegments, child] : [child];
      progress = true;
    }
    pending = stillPending;
  }
  return [
    ...segments.map((r) => ({ Id: r.id, Document: trees.has(r) ? JSON.stringify(tree(r)) : r.json })),
    ...pending.map((r) => ({ Id: r.id, Document: r.json })),
  ];
}

/** BatchGetTraces item. */
export function renderTrace(trace: StoredTrace): Trace {
  return {
    Id: trace.id,
    Duration: traceDuration(trace),
    LimitExceeded: false,
    Segments: segmentDocuments(trace.segments),
  };
}

/** Latest end minus earliest start over all documents, microsecond-rounded. */
export function traceDuration(trace: StoredTrace): number {
  return trace.endTime > trace.startTime ? Math.round((trace.endTime - trace.startTime) * 1e6) / 1e6 : 0;
}
