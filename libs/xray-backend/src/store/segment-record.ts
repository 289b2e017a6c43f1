import {
  isServiceCall,
  type AnnotationValue,
  type Annotations,
  type EntityFields,
  type HttpData,
  type NestedSubsegment,
  type OutcomeFlags,
  type TraceDocument,
  type UnansweredCall,
} from '@cruddur/xray-contracts';
import type { DocumentText } from '../segments/document-text';
import { isPackedSegmentId, packSegmentId, samePackedSegmentId, unpackSegmentId } from './packed-segment-id';
import { RecordSlabWriter, type RecordSlab } from './record-slab';
import { HAS_PARENT, IN_PROGRESS, RecordShapes, SUBSEGMENT, type RecordShape } from './record-shape';
import { StringPool } from './string-pool';

/** A subsegment that calls another service ({@link isServiceCall}). */
export interface CallSite extends OutcomeFlags, UnansweredCall {
  /** A fresh string on every read: compare with {@link hasId}. */
  readonly id: string;
  /** Whether `id` is this call's id, compared without making a string. */
  hasId(id: string): boolean;
  /** Writes the id's packed words (packed-segment-id.ts) to `into[0]` and `into[1]`; false when it is not packed. */
  idWords(into: Uint32Array): boolean;
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
  /** Ids are held packed (packed-segment-id.ts): a fresh string on every read; compare with the has* methods. */
  readonly id: string;
  readonly parentId: string | undefined;
  /** Whether the document has a parent id (without making its string). */
  readonly hasParent: boolean;
  /** Whether `id` is the document's id. */
  hasId(id: string): boolean;
  /** Whether `id` is the document's parent id. */
  hasParentId(id: string): boolean;
  /** Whether `other` is a copy of the same document: the same id. */
  sameDocument(other: SegmentRecord): boolean;
  /**
   * The id's packed words (packed-segment-id.ts) written to `into[0]` and `into[1]`, without making
   * a string: false when the ids are not packed (a record built by hand with other ids).
   */
  idWords(into: Uint32Array): boolean;
  /** {@link idWords} for the parent id; false without one too. */
  parentIdWords(into: Uint32Array): boolean;
  /** {@link idWords} for the `n`th nested subsegment's id. */
  subsegmentIdWords(n: number, into: Uint32Array): boolean;
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
  /** How many nested subsegments the document has, at any depth. */
  readonly subsegmentCount: number;
  /** The id of the `n`th nested subsegment (depth first), `n` below {@link subsegmentCount}. */
  subsegmentId(n: number): string;
  /** Whether `id` is the id of one of the nested subsegments. */
  hasSubsegmentId(id: string): boolean;
  readonly json: string;
}

// Memory: a stored segment should cost about its JSON text. The text, the times and the ids live
// off the V8 heap in shared slabs (record-slab.ts). Everything else a record keeps is copied out of
// the parsed document (so the parse tree dies young): annotations (identical sets shared), call
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

  /** The number in slot `#index + slot` of the slab. */
  protected slot(slot: number): number {
    return this.#slab.times[this.#index + slot];
  }

  protected setSlot(slot: number, value: number): void {
    this.#slab.times[this.#index + slot] = value;
  }

  /** Packs `id` into slot `#index + slot`; false if it is not 16 lowercase hex digits (nothing written). */
  protected packId(slot: number, id: string): boolean {
    return packSegmentId(id, this.#slab.words, 2 * (this.#index + slot));
  }

  protected unpackId(slot: number): string {
    return unpackSegmentId(this.#slab.words, 2 * (this.#index + slot));
  }

  /** Copies the packed id in slot `#index + slot` to `into[0]` and `into[1]`. */
  protected copyIdAt(slot: number, into: Uint32Array): true {
    const at = 2 * (this.#index + slot);
    into[0] = this.#slab.words[at];
    into[1] = this.#slab.words[at + 1];
    return true;
  }

  protected isIdAt(slot: number, id: string): boolean {
    return isPackedSegmentId(id, this.#slab.words, 2 * (this.#index + slot));
  }

  protected sameIdAt(slot: number, other: SlabBacked, otherSlot: number): boolean {
    return samePackedSegmentId(
      this.#slab.words,
      2 * (this.#index + slot),
      other.#slab.words,
      2 * (other.#index + otherSlot),
    );
  }

  protected slabText(slot: number): string {
    return this.#slab.text(this.#index + slot);
  }
}

// Slots of a call site: start, end, id.
const CALL_ID = 2;

// Slots of a segment: start, end, the nested subsegment count, id, parent id (unused without
// one: the shape's HAS_PARENT flag says), one per nested subsegment id, then the text's offset.
const SUBSEGMENT_COUNT = 2;
const ID = 3;
const PARENT_ID = 4;
const SUBSEGMENT_IDS = 5;

class StoredCallSite extends SlabBacked implements CallSite {
  /** The id when it is not 16 lowercase hex digits (only records built by hand: the validator admits none). */
  readonly #looseId: string | undefined;

  constructor(sub: NestedSubsegment) {
    super(shapes.of(sub, 0, sub.namespace, undefined, undefined), slabs.reserve(3), sub);
    this.#looseId = this.packId(CALL_ID, sub.id) ? undefined : sub.id;
  }

  get id(): string {
    return this.#looseId ?? this.unpackId(CALL_ID);
  }

  hasId(id: string): boolean {
    return this.#looseId === undefined ? this.isIdAt(CALL_ID, id) : this.#looseId === id;
  }

  idWords(into: Uint32Array): boolean {
    return this.#looseId === undefined && this.copyIdAt(CALL_ID, into);
  }

  get namespace(): string | undefined {
    return this.shape.namespace;
  }

  get traced(): boolean {
    return this.shape.traced;
  }
}

/** A segment's ids when one of them is not 16 lowercase hex digits: only records built by hand. */
interface LooseIds {
  readonly id: string;
  readonly parentId: string | undefined;
  readonly subsegmentIds: readonly string[];
}

class StoredSegment extends SlabBacked implements SegmentRecord {
  readonly traceId: string;
  readonly annotations: Annotations | undefined;
  readonly callSites: readonly CallSite[];
  /** Undefined when the ids are packed in the slab (every validated document). */
  readonly #looseIds: LooseIds | undefined;

  constructor(doc: TraceDocument, json: DocumentText, traceId: string, collected: Collected) {
    const subsegment = doc.type === 'subsegment';
    const extraFlags =
      (doc.in_progress === true ? IN_PROGRESS : 0) |
      (subsegment ? SUBSEGMENT : 0) |
      (doc.parent_id === undefined ? 0 : HAS_PARENT);
    const ids = collected.ids;
    const idCount = collected.idCount;
    super(
      subsegment
        ? shapes.of(doc, extraFlags, undefined, undefined, undefined)
        : shapes.of(doc, extraFlags, undefined, doc.origin, doc.user),
      slabs.place(SUBSEGMENT_IDS + idCount, json),
      doc,
    );
    this.traceId = traceId;
    this.annotations = storedAnnotations(doc.annotations, collected);
    // slice(): an array grown by push keeps spare capacity (17 slots after the first push); the copy is exact.
    this.callSites =
      collected.callSiteCount === 0 ? NO_CALL_SITES : collected.callSites.slice(0, collected.callSiteCount);
    this.#looseIds = this.packIds(doc, ids, idCount)
      ? undefined
      : { id: doc.id, parentId: doc.parent_id, subsegmentIds: ids.slice(0, idCount) };
  }

  /** Writes the subsegment count and packs the ids; false if one of them cannot be packed (the slots then go unused). */
  private packIds(doc: TraceDocument, ids: readonly string[], count: number): boolean {
    const parentId = doc.parent_id;
    this.setSlot(SUBSEGMENT_COUNT, count);
    if (!this.packId(ID, doc.id) || (parentId !== undefined && !this.packId(PARENT_ID, parentId))) return false;
    for (let n = 0; n < count; n++) if (!this.packId(SUBSEGMENT_IDS + n, ids[n])) return false;
    return true;
  }

  get id(): string {
    return this.#looseIds?.id ?? this.unpackId(ID);
  }

  get parentId(): string | undefined {
    const loose = this.#looseIds;
    if (loose !== undefined) return loose.parentId;
    return this.hasParent ? this.unpackId(PARENT_ID) : undefined;
  }

  get hasParent(): boolean {
    return (this.shape.flags & HAS_PARENT) !== 0;
  }

  hasId(id: string): boolean {
    const loose = this.#looseIds;
    return loose === undefined ? this.isIdAt(ID, id) : loose.id === id;
  }

  hasParentId(id: string): boolean {
    const loose = this.#looseIds;
    if (loose !== undefined) return loose.parentId === id;
    return this.hasParent && this.isIdAt(PARENT_ID, id);
  }

  idWords(into: Uint32Array): boolean {
    return this.#looseIds === undefined && this.copyIdAt(ID, into);
  }

  parentIdWords(into: Uint32Array): boolean {
    return this.#looseIds === undefined && this.hasParent && this.copyIdAt(PARENT_ID, into);
  }

  subsegmentIdWords(n: number, into: Uint32Array): boolean {
    return this.#looseIds === undefined && this.copyIdAt(SUBSEGMENT_IDS + n, into);
  }

  sameDocument(other: SegmentRecord): boolean {
    if (this.#looseIds !== undefined || !(other instanceof StoredSegment) || other.#looseIds !== undefined)
      return this.id === other.id;
    return this.sameIdAt(ID, other, ID);
  }

  get subsegmentCount(): number {
    return this.slot(SUBSEGMENT_COUNT);
  }

  subsegmentId(n: number): string {
    return this.#looseIds?.subsegmentIds[n] ?? this.unpackId(SUBSEGMENT_IDS + n);
  }

  hasSubsegmentId(id: string): boolean {
    const loose = this.#looseIds;
    if (loose !== undefined) return loose.subsegmentIds.includes(id);
    const count = this.subsegmentCount;
    for (let n = 0; n < count; n++) if (this.isIdAt(SUBSEGMENT_IDS + n, id)) return true;
    return false;
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
    return this.slabText(SUBSEGMENT_IDS + this.subsegmentCount);
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
  readonly values: readonly AnnotationValue[];
  readonly set: Annotations;
}
const annotationSets = new Map<number, SharedAnnotations[]>();
let annotationSetCount = 0;
const MAX_ANNOTATION_SETS = 20_000;
const MAX_SHARED_CHARACTERS = 1000;
const MAX_SETS_PER_HASH = 4;
/** Keys merged by a linear search for duplicates; more go through an object. */
const MAX_MERGED_KEYS = 64;

// The record's annotations as key and value lists, reused by every document: a document whose
// subsegments have annotations merged them with two object spreads, ~2% of the ingest's time.
// Their first `mergedCount` entries are used: emptied by setting their length, an array drops
// its backing store, which the next document's first push allocated again.
const mergedKeys: string[] = [];
const mergedValues: AnnotationValue[] = [];
let mergedCount = 0;

function appendAnnotation(key: string, value: AnnotationValue): void {
  mergedKeys[mergedCount] = key;
  mergedValues[mergedCount] = value;
  mergedCount++;
}

/** Appends `annotations` to the merged lists (none of its keys merged yet). */
function appendAnnotations(annotations: Annotations): void {
  for (const key in annotations) appendAnnotation(key, annotations[key]);
}

/** The index of `key` in the merged lists, or -1. */
function mergedIndex(key: string): number {
  for (let i = 0; i < mergedCount; i++) if (mergedKeys[i] === key) return i;
  return -1;
}

/**
 * Fills the merged lists with what `{ ...sources[0], ..., ...sources[count - 1], ...own }` holds: the
 * keys in order of first appearance, each with its last value. False when there are no
 * annotations at all (an empty set is still a set).
 */
function mergeAnnotations(sources: readonly Annotations[], count: number, own: Annotations | undefined): boolean {
  mergedCount = 0;
  if (count === 0) {
    if (own === undefined) return false;
    appendAnnotations(own);
    return true;
  }
  for (let n = 0; n <= count; n++) {
    const annotations = n < count ? sources[n] : own;
    if (annotations === undefined) continue;
    for (const key in annotations) {
      const at = mergedIndex(key);
      if (at >= 0) mergedValues[at] = annotations[key];
      else if (mergedCount >= MAX_MERGED_KEYS) {
        mergedCount = 0;
        appendAnnotations(Object.assign({}, ...sources.slice(0, count), own) as Annotations);
        return true;
      } else appendAnnotation(key, annotations[key]);
    }
  }
  return true;
}

/**
 * The stored copies of frozen annotation sets, by identity: the datagram scanner hands the same
 * frozen object to every document whose set has the same text, so its stored copy is looked up
 * once, not hashed and compared per document. A frozen set cannot change after its copy is made.
 * Bounded like the shared sets.
 */
const storedByFrozenSet = new Map<Annotations, Annotations>();
const MAX_FROZEN_SETS = 4096;

/** The record's annotations: the nested subsegments' sets, depth first, under the document's own. */
function storedAnnotations(own: Annotations | undefined, collected: Collected): Annotations | undefined {
  const nested = collected.annotationCount;
  if (nested !== 0 || own === undefined || !Object.isFrozen(own))
    return mergeAnnotations(collected.annotations, nested, own) ? compactAnnotations() : undefined;
  const known = storedByFrozenSet.get(own);
  if (known !== undefined) return known;
  mergeAnnotations(collected.annotations, 0, own);
  const stored = compactAnnotations();
  // Copies (too long or too many alike to share) are not frozen, and not kept here either.
  if (Object.isFrozen(stored)) {
    if (storedByFrozenSet.size >= MAX_FROZEN_SETS) storedByFrozenSet.clear();
    storedByFrozenSet.set(own, stored);
  }
  return stored;
}

function hashText(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(hash ^ text.length, 0x01000193);
}

/** The stored annotations of the merged lists, shared with an identical earlier set when there is one. */
function compactAnnotations(): Annotations {
  const keys = mergedKeys;
  const values = mergedValues;
  const count = mergedCount;
  let hash = 0x811c9dc5;
  let characters = 0;
  for (let i = 0; i < count; i++) {
    const key = keys[i];
    const value = values[i];
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
  }
  if (characters > MAX_SHARED_CHARACTERS) return copyAnnotations();
  let candidates = annotationSets.get(hash);
  if (candidates !== undefined) {
    for (const candidate of candidates) if (sameAnnotations(candidate)) return candidate.set;
    if (candidates.length >= MAX_SETS_PER_HASH) return copyAnnotations();
  }
  const set = Object.freeze(copyAnnotations());
  if (annotationSetCount >= MAX_ANNOTATION_SETS) {
    annotationSets.clear();
    annotationSetCount = 0;
    candidates = undefined;
  }
  annotationSetCount++;
  const shared = { keys: keys.slice(0, count), values: values.slice(0, count), set };
  if (candidates === undefined) annotationSets.set(hash, [shared]);
  else candidates.push(shared);
  return set;
}

/** Whether the merged lists hold exactly the shared set's keys, in its order, with the same values. */
function sameAnnotations(shared: SharedAnnotations): boolean {
  const keys = shared.keys;
  const values = shared.values;
  const count = keys.length;
  if (mergedCount !== count) return false;
  // Values are strings, finite numbers or booleans: === is equality (0 and -0 print alike too).
  for (let i = 0; i < count; i++) if (mergedKeys[i] !== keys[i] || mergedValues[i] !== values[i]) return false;
  return true;
}

function copyAnnotations(): Annotations {
  const out: Annotations = {};
  for (let i = 0; i < mergedCount; i++) {
    const value = mergedValues[i];
    out[mergedKeys[i]] = typeof value === 'string' ? pool.intern(value) : value;
  }
  return out;
}

/**
 * What toSegmentRecord collects of a document's nested subsegments, in scratch arrays reused by
 * every document (records are built synchronously, one at a time), of which the first `*Count`
 * entries are used: the record keeps exact-size copies, where fresh arrays grown by push were
 * ~300 B of garbage per segment, and emptying them by their length dropped their backing stores.
 */
class Collected {
  readonly callSites: CallSite[] = [];
  callSiteCount = 0;
  readonly ids: string[] = [];
  idCount = 0;
  /** The nested subsegments' annotations, depth first. */
  readonly annotations: Annotations[] = [];
  annotationCount = 0;

  addCallSite(site: CallSite): void {
    this.callSites[this.callSiteCount++] = site;
  }

  clear(): void {
    this.callSiteCount = 0;
    this.idCount = 0;
    this.annotationCount = 0;
  }
}

function collect(subsegments: readonly NestedSubsegment[] | undefined, into: Collected): void {
  if (subsegments === undefined) return;
  for (const sub of subsegments) {
    into.ids[into.idCount++] = sub.id;
    if (isServiceCall(sub)) into.addCallSite(new StoredCallSite(sub));
    if (sub.annotations !== undefined) into.annotations[into.annotationCount++] = sub.annotations;
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
    if (doc.type === 'subsegment' && isServiceCall(doc)) into.addCallSite(new StoredCallSite(doc));
    collect(doc.subsegments, into);
    return new StoredSegment(doc, json, traceId, into);
  } finally {
    into.clear();
  }
}

const COLLECTED = new Collected();
