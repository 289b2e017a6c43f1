import type { NestedSubsegment, SubsegmentDocument, TraceDocument } from '@cruddur/xray-contracts';

/** How many spans a document carries: itself and every nested subsegment. */
export function countEntities(entity: { subsegments?: NestedSubsegment[] }): number {
  let count = 1;
  for (const sub of entity.subsegments ?? []) count += countEntities(sub);
  return count;
}

/**
 * The same spans as one document each: the top entity without its subsegments, and every nested
 * subsegment as an independent subsegment document pointing at its parent. For when a document
 * with nested subsegments is refused as a whole (too large, or one bad field in one span): the
 * store assembles the pieces back into the same trace, and only the bad spans are lost.
 */
export function splitDocument(document: TraceDocument): TraceDocument[] {
  const out: TraceDocument[] = [];
  const walk = (parentId: string, children: readonly NestedSubsegment[] | undefined) => {
    for (const child of children ?? []) {
      const { subsegments, ...fields } = child;
      const piece: SubsegmentDocument = {
        ...fields,
        type: 'subsegment',
        trace_id: document.trace_id,
        parent_id: parentId,
      };
      out.push(piece);
      walk(child.id, subsegments);
    }
  };
  const { subsegments, ...top } = document;
  out.push(top as TraceDocument);
  walk(document.id, subsegments);
  return out;
}
