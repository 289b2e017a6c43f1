import type { SegmentRecord } from '../store/segment-record';
import type { StoredTrace } from '../store/stored-trace';

/** The entry segment: the one without a parent (the earliest if a client sent several). */
export function rootSegment(trace: StoredTrace): SegmentRecord | undefined {
  let root: SegmentRecord | undefined;
  for (const r of trace.segments)
    if (r.kind === 'segment' && !r.hasParent && (root === undefined || r.startTime < root.startTime)) root = r;
  return root;
}
