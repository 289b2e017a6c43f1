import {
  isServiceCall,
  type Annotations,
  type EntityFields,
  type HttpData,
  type NestedSubsegment,
  type OutcomeFlags,
  type TraceDocument,
  type UnansweredCall,
} from '@cruddur/xray-contracts';
import type { DocumentText } from '../segments/document-text';
import { RecordSlabWriter, type RecordSlab } from './record-slab';
import { IN_PROGRESS, RecordShapes, SUBSEGMENT, type RecordShape } from './record-shape';
import { StringPool } from './string-pool';

/** A subsegment that calls another service ({@link isServiceCall}). */
export interface CallSite extends OutcomeFlags, UnansweredCall {
  readonly id: string;
  readonly namespace: string | undefined;
  readonly startTime: number;
  /** Undefined while the call is still in progress. */
  readonly endTime: number | undefined;
  readonly http: HttpData | undefined;
  /** `http.response.status`, without building `http`. */
  readonly responseStatus: number | undefined;
}

/**
 * What the backend keeps of one accepted document: the exact JSON text (served by `/Traces`) plus
 * the few fields that queries, summaries and the service graph read. The parsed document itself is
 * dropped after ingest so that a stored segment costs roughly its JSON text, not twice that.
 */
export interface SegmentRecord extends OutcomeFlags {
  readonly traceId: string;
  readonly id: string;
  readonly parentId: string | undefined;
  /** "subsegment" for documents sent on their own with `type: "subsegment"`. */
  readonly kind: 'segment' | 'subsegment';
  readonly name: string;
  readonly origin: string | undefined;
  readonly startTime: number;
  readonly endTime: number | undefined;
  readonly inProgress: boolean;
  /** The document's own `http` (incoming request for segments). */
  readonly http: HttpData | undefined;
  /** `http.response.status`, without building `http`. */
  readonly responseStatus: number | undefined;
  readonly user: string | undefined;
  /** Annotations of the document and all its nested subsegments. */
  readonly annotations: Annotations | undefined;
  /** Calling subsegments anywhere in the document (the document itself for a streamed remote subsegment). */
  readonly callSites: readonly CallSite[];
  /**
   * Ids of all nested subsegments, packed as consecutive 16-char ids in one string: one allocation
   * per segment instead of an array of strings (see {@link containsSubsegmentId}).
   */
  readonly subsegmentIds: string;
  readonly json: string;
}

// Memory: a stored segment should cost about its JSON text. The text and the times live off the
// V8 heap in shared slabs (record-slab.ts). Everything else a record keeps is copied out of the
// parsed document (so the parse tree dies young): ids, annotations (identical sets shared), call
// sites, and one shared RecordShape (record-shape.ts) for name, origin, outcome flags and HTTP
// facts, with repeated strings interned. A segment with two calls is 3 small objects. 100,000
// traces / 400,000 segments: see docs/benchmarks-history.md (Daemon queries, Round 3: memory).
const pool = new StringPool();
const shapes = new RecordShapes(pool);
const slabs = new RecordSlabWriter();
const NO_CALL_SITES: readonly CallSite[] = Object.freeze([]);

/** Writes start and end (NaN: in progress or absent) at `times[index]`. */
function writeTimes(times: Float64Array, index: number, entity: EntityFields): void {
  times[index] = entity.start_time;
  times[index + 1] = entity.in_progress === true || entity.end_time === undefined ? NaN : entity.end_time;
}

function endTimeAt(times: Float64Array, index: number): number | undefined {
  const end = times[index + 1];
  return Number.isNaN(end) ? undefined : end;
}

/**
 * What call sites and stored segments share: a RecordShape, and times (plus, for segments, the
 * JSON text) in a slab. #private: invisible to deep equality, printing and JSON, which would
 * otherwise walk a 1 MB slab.
 */
abstract class SlabBacked {
  /** Start and end are `#slab.times[#index]` and `[#index + 1]`; a segment's JSON text is `#slab.text(#index + 2)`. */
  readonly #slab: RecordSlab;
  readonly #index: number;

  protected constructor(
    protected readonly shape: RecordShape,
    index: number,
    entity: EntityFields,
  ) {
    this.#index = index;
    this.#slab = slabs.slab;
    writeTimes(this.#slab.times, index, entity);
  }

  get name(): string {
    return this.shape.name;
  }

  get startTime(): number {
    return this.#slab.times[this.#index];
  }

  get endTime(): number | undefined {
    return endTimeAt(this.#slab.times, this.#index);
  }

  get http(): HttpData | undefined {
    return this.shape.http;
  }

  get responseStatus(): number | undefined {
    return this.shape.status;
  }

  get error(): boolean {
    return this.shape.error;
  }

  get throttle(): boolean {
    return this.shape.throttle;
  }

  get fault(): boolean {
    return this.shape.fault;
  }

  protected slabText(): string {
    return this.#slab.text(this.#index + 2);
  }
}

class StoredCallSite extends SlabBacked implements CallSite {
  readonly id: string;

  constructor(sub: NestedSubsegment) {
    super(shapes.of(sub, 0, sub.namespace, undefined, undefined), slabs.reserve(2), sub);
    this.id = sub.id;
  }

  get namespace(): string | undefined {
    return this.shape.namespace;
  }

  get traced(): boolean {
    return this.shape.traced;
  }
}

class StoredSegment extends SlabBacked implements SegmentRecord {
  readonly traceId: string;
  readonly id: string;
  readonly parentId: string | undefined;
  readonly annotations: Annotations | undefined;
  readonly callSites: readonly CallSite[];
  readonly subsegmentIds: string;

  constructor(doc: TraceDocument, json: DocumentText, traceId: string, collected: Collected) {
    const subsegment = doc.type === 'subsegment';
    const extraFlags = (doc.in_progress === true ? IN_PROGRESS : 0) | (subsegment ? SUBSEGMENT : 0);
    super(
      subsegment
        ? shapes.of(doc, extraFlags, undefined, undefined, undefined)
        : shapes.of(doc, extraFlags, undefined, doc.origin, doc.user),
      slabs.place(2, json),
      doc,
    );
    this.traceId = traceId;
    this.id = doc.id;
    this.parentId = doc.parent_id;
    this.annotations = compactAnnotations(
      collected.annotations === undefined ? doc.annotations : { ...collected.annotations, ...doc.annotations },
    );
    // slice(): an array grown by push keeps spare capacity (17 slots after the first push); the copy is exact.
    this.callSites = collected.callSites.length === 0 ? NO_CALL_SITES : collected.callSites.slice();
    // join(): one flat string; `+=` made a tree of cons strings (32 B per id, and a flattened copy on first search).
    this.subsegmentIds = collected.ids.length === 0 ? '' : collected.ids.join('');
  }

  get kind(): 'segment' | 'subsegment' {
    return (this.shape.flags & SUBSEGMENT) !== 0 ? 'subsegment' : 'segment';
  }

  get inProgress(): boolean {
    return (this.shape.flags & IN_PROGRESS) !== 0;
  }

  get origin(): string | undefined {
    return this.shape.origin;
  }

  get user(): string | undefined {
    return this.shape.user;
  }

  /** Decoded from the slab (its region decompressed once sealed) on every read: only `/Traces` and the segment log read it. */
  get json(): string {
    return this.slabText();
  }
}

/**
 * Annotation sets repeat (a route, a user handle, a flag): identical sets (same keys in the same
 * order, same values) share one frozen object, ~70 B per segment less with the bench's documents.
 * Looked up by a hash of the keys and values, compared in place: a signature string per segment
 * was ~500 B of garbage. Bounded like the string pool; sets of more than ~1,000 characters and
 * hash collisions past a few sets are copied, not shared.
 */
interface SharedAnnotations {
  readonly keys: readonly string[];
  readonly set: Annotations;
}
const annotationSets = new Map<number, SharedAnnotations[]>();
let annotationSetCount = 0;
const MAX_ANNOTATION_SETS = 20_000;
const MAX_SHARED_CHARACTERS = 1000;
const MAX_SETS_PER_HASH = 4;

function hashText(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(hash ^ text.length, 0x01000193);
}

function compactAnnotations(annotations: Annotations | undefined): Annotations | undefined {
  if (annotations === undefined) return undefined;
  let hash = 0x811c9dc5;
  let characters = 0;
  let count = 0;
  for (const key in annotations) {
    const value = annotations[key];
    hash = hashText(hash, key);
    characters += key.length;
    if (typeof value === 'string') {
      hash = hashText(hash ^ 1, value);
      characters += value.length;
    } else {
      // Any function of the value will do: equal values hash alike, and candidates are compared.
      const bits = typeof value === 'number' ? (value | 0) ^ ((value * 4096) | 0) : value ? 2 : 3;
      hash = Math.imul(hash ^ bits, 0x01000193);
      characters += 8;
    }
    count++;
  }
  if (characters > MAX_SHARED_CHARACTERS) return copyAnnotations(annotations);
  let candidates = annotationSets.get(hash);
  if (candidates !== undefined) {
    for (const candidate of candidates) if (sameAnnotations(candidate, annotations, count)) return candidate.set;
    if (candidates.length >= MAX_SETS_PER_HASH) return copyAnnotations(annotations);
  }
  const set = Object.freeze(copyAnnotations(annotations));
  if (annotationSetCount >= MAX_ANNOTATION_SETS) {
    annotationSets.clear();
    annotationSetCount = 0;
    candidates = undefined;
  }
  annotationSetCount++;
  const shared = { keys: Object.keys(set), set };
  if (candidates === undefined) annotationSets.set(hash, [shared]);
  else candidates.push(shared);
  return set;
}

/** Whether `annotations` has exactly the shared set's keys, in its order, with the same values. */
function sameAnnotations(shared: SharedAnnotations, annotations: Annotations, count: number): boolean {
  const keys = shared.keys;
  if (keys.length !== count) return false;
  let i = 0;
  for (const key in annotations) {
    // Values are strings, finite numbers or booleans: === is equality (0 and -0 print alike too).
    if (key !== keys[i++] || annotations[key] !== shared.set[key]) return false;
  }
  return true;
}

function copyAnnotations(annotations: Annotations): Annotations {
  const out: Annotations = {};
  for (const key in annotations) {
    const value = annotations[key];
    out[key] = typeof value === 'string' ? pool.intern(value) : value;
  }
  return out;
}

interface Collected {
  callSites: CallSite[];
  ids: string[];
  annotations: Annotations | undefined;
}

function collect(subsegments: readonly NestedSubsegment[] | undefined, into: Collected): void {
  if (subsegments === undefined) return;
  for (const sub of subsegments) {
    into.ids.push(sub.id);
    if (isServiceCall(sub)) into.callSites.push(new StoredCallSite(sub));
    if (sub.annotations !== undefined) into.annotations = { ...into.annotations, ...sub.annotations };
    collect(sub.subsegments, into);
  }
}

/**
 * Builds the stored record for a validated document and its JSON text (a string, or a datagram's
 * bytes, copied into the slab as they are). `traceId`, when given, is the stored trace's own id
 * string (equal to `doc.trace_id`), so records of a trace share it.
 */
export function toSegmentRecord(doc: TraceDocument, json: DocumentText, traceId: string = doc.trace_id): SegmentRecord {
  const into = COLLECTED;
  try {
    if (doc.type === 'subsegment' && isServiceCall(doc)) into.callSites.push(new StoredCallSite(doc));
    collect(doc.subsegments, into);
    return new StoredSegment(doc, json, traceId, into);
  } finally {
    // Emptied for the next document, and so as not to keep this one's call sites alive.
    into.callSites.length = 0;
    into.ids.length = 0;
    into.annotations = undefined;
  }
}

/**
 * One scratch collection, reused by every document (records are built synchronously, one at a
 * time): the record keeps exact-size copies, where fresh arrays grown by push were ~300 B of
 * garbage per segment.
 */
const COLLECTED: Collected = { callSites: [], ids: [], annotations: undefined };

/** Whether `id` is one of the record's nested subsegment ids (aligned search in the packed string). */
export function containsSubsegmentId(record: SegmentRecord, id: string): boolean {
  const ids = record.subsegmentIds;
  for (let at = ids.indexOf(id); at >= 0; at = ids.indexOf(id, at + 1)) if (at % 16 === 0) return true;
  return false;
}
