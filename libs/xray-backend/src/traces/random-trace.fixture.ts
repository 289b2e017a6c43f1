// Test fixture (not exported): deterministic random traces that exercise call linking's corner
// cases: downstream segments that arrive or not (inferred nodes, missing `traced` callees), two
// segments for one call, parents that are no call site or unknown, streamed subsegments (chained,
// orphaned, themselves calling), several roots, in-progress documents, AWS calls, and traces over
// the record count where linking switches from scans to maps.
import type { NestedSubsegment, SegmentDocument, SubsegmentDocument, TraceDocument } from '@cruddur/xray-contracts';
import { toSegmentRecord } from '../store/segment-record';
import type { StoredTrace } from '../store/stored-trace';
import { TraceStore } from '../store/trace-store';

/** mulberry32: a small deterministic PRNG (shared by the property tests over these traces). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const RANDOM_TRACE_NAMES = ['gateway', 'activities', 'notifications', 'db', 'DynamoDB'] as const;
const STATUSES = [200, 200, 200, 404, 429, 500, undefined];

export function randomTraceDocuments(seed: number, traceId: string, large = false): TraceDocument[] {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(values: readonly T[]): T => values[int(values.length)];
  let serial = seed * 1000;
  const newId = () => (serial++).toString(16).padStart(16, '0');
  const start = 1000 + int(10);
  const timed = () => {
    const begin = start + r();
    return r() < 0.1 ? { start_time: begin, in_progress: true } : { start_time: begin, end_time: begin + r() };
  };
  const outcome = () => {
    const status = pick(STATUSES);
    return {
      ...(status === undefined ? {} : { http: { response: { status } } }),
      ...(r() < 0.15 ? { fault: true } : {}),
      ...(r() < 0.15 ? { error: true } : {}),
      ...(r() < 0.05 ? { throttle: true } : {}),
    };
  };
  const callSiteIds: string[] = [];
  const entityIds: string[] = [];
  const subsegment = (depth: number): NestedSubsegment => {
    const id = newId();
    entityIds.push(id);
    const kind = int(4); // 0: plain, 1: remote, 2: aws, 3: outgoing http without a namespace
    const sub: NestedSubsegment = { name: pick(RANDOM_TRACE_NAMES), id, ...timed(), ...outcome() };
    if (kind !== 0) {
      callSiteIds.push(id);
      if (kind === 1) sub.namespace = 'remote';
      if (kind === 2) sub.namespace = 'aws';
      sub.http = {
        ...sub.http,
        request: { url: `http://${sub.name}/x`, method: 'GET', ...(r() < 0.6 ? { traced: r() < 0.8 } : {}) },
      };
    }
    if (depth < 1 && r() < 0.3) sub.subsegments = [subsegment(depth + 1)];
    return sub;
  };

  const segmentCount = large ? 17 + int(8) : 1 + int(5);
  const segments: SegmentDocument[] = [];
  for (let i = 0; i < segmentCount; i++) {
    const id = newId();
    entityIds.push(id);
    const segment: SegmentDocument = {
      trace_id: traceId,
      name: pick(RANDOM_TRACE_NAMES),
      id,
      ...timed(),
      ...outcome(),
    };
    if (r() < 0.5) segment.origin = pick(['AWS::ECS::Container', 'AWS::EC2::Instance']);
    if (r() < 0.3) segment.user = pick(['u1', 'u2']);
    if (r() < 0.8) segment.subsegments = Array.from({ length: 1 + int(3) }, () => subsegment(0));
    segments.push(segment);
  }
  const streamed: SubsegmentDocument[] = [];
  for (let i = int(large ? 4 : 3); i > 0; i--) {
    const sub = subsegment(0);
    streamed.push({ ...sub, type: 'subsegment', trace_id: traceId, parent_id: r() < 0.85 ? pick(entityIds) : newId() });
  }
  // Parents are picked once every id exists, so a segment may hang off any document's call.
  for (const segment of segments.slice(r() < 0.9 ? 1 : 0)) {
    const roll = r();
    if (roll < 0.65 && callSiteIds.length > 0) segment.parent_id = pick(callSiteIds);
    else if (roll < 0.8) segment.parent_id = pick(entityIds);
    else if (roll < 0.9) segment.parent_id = newId();
  }
  const documents: TraceDocument[] = [...segments, ...streamed];
  for (let i = documents.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [documents[i], documents[j]] = [documents[j], documents[i]];
  }
  return documents;
}

/** The stored trace of {@link randomTraceDocuments}, documents added in their (shuffled) order. */
export function randomTrace(seed: number, large = false): StoredTrace {
  const traceId = `1-5f84c7a5-${seed.toString(16).padStart(24, '0')}`;
  const store = new TraceStore({ maxTraces: 10, maxAgeSeconds: 1e9, clock: () => 2000 });
  for (const doc of randomTraceDocuments(seed, traceId, large)) store.add(toSegmentRecord(doc, JSON.stringify(doc)));
  const trace = store.get(traceId);
  if (trace === undefined) throw new Error('no trace');
  return trace;
}
