import type {
  Annotations,
  EntityFields,
  HttpData,
  NestedSubsegment,
  TraceDocument,
} from '../segments/segment-document';
import { StringPool } from './string-pool';

/** How a (sub)segment ended, from its flags and its HTTP status, as the X-Ray console colours it. */
export interface Outcome {
  /** 4xx (includes throttles). */
  readonly error: boolean;
  /** 429. */
  readonly throttle: boolean;
  /** 5xx. */
  readonly fault: boolean;
}

/** A subsegment that calls another service: namespace "remote"/"aws", or an outgoing HTTP request. */
export interface CallSite extends Outcome {
  readonly id: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly startTime: number;
  /** Undefined while the call is still in progress. */
  readonly endTime: number | undefined;
  readonly http: HttpData | undefined;
  /** `http.request.traced`: the SDK says the callee is instrumented, so its segment should arrive. */
  readonly traced: boolean;
}

/**
 * What the backend keeps of one accepted document: the exact JSON text (served by `/Traces`) plus
 * the few fields that queries, summaries and the service graph read. The parsed document itself is
 * dropped after ingest so that a stored segment costs roughly its JSON text, not twice that.
 */
export interface SegmentRecord extends Outcome {
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

export function outcomeOf(entity: EntityFields): Outcome {
  const status = entity.http?.response?.status;
  const throttle = entity.throttle === true || status === 429;
  const fault = entity.fault === true || (status !== undefined && status >= 500 && status <= 599);
  const error = entity.error === true || throttle || (status !== undefined && status >= 400 && status <= 499);
  return { error, throttle, fault };
}

// Memory: a stored segment should cost about its JSON text. Everything a record keeps besides the
// text is copied out of the parsed document (so the parse tree dies young) with repeated strings
// interned and shared empty lists. Heap snapshot, 80,000 segments of 0.5-4 KB
// (bench/daemon-queries.js documents): short strings 38.5 -> 16.8 MB, live heap 264 -> 240 MB.
//
// Records and call sites are flat classes: outcome flags packed into one small integer, the HTTP
// facts as own fields (the `http` object is rebuilt on read; only queries read it), so a segment
// with two calls is 3 objects instead of ~9. Numbers that are small integers (flags, status)
// stay unboxed in the object; times are doubles and V8 (Node 20) boxes every double field, so
// they stay plain fields (2 boxes each) rather than something cleverer. In-process heap for
// 100,000 traces / 400,000 segments: see docs/benchmarks.md (Daemon queries, memory).
const pool = new StringPool();
const NO_CALL_SITES: readonly CallSite[] = Object.freeze([]);

const ERROR = 1;
const THROTTLE = 2;
const FAULT = 4;
const IN_PROGRESS = 8;
const SUBSEGMENT = 16;
const HAS_HTTP = 32;
const HAS_REQUEST = 64;
const HAS_RESPONSE = 128;
const TRACED = 256;
const HAS_TRACED = 512;

function flagsOf(entity: EntityFields): number {
  const { error, throttle, fault } = outcomeOf(entity);
  const http = entity.http;
  let flags = (error ? ERROR : 0) | (throttle ? THROTTLE : 0) | (fault ? FAULT : 0);
  if (http !== undefined) {
    flags |= HAS_HTTP;
    if (http.request !== undefined) flags |= HAS_REQUEST;
    if (http.response !== undefined) flags |= HAS_RESPONSE;
    if (http.request?.traced !== undefined) flags |= HAS_TRACED | (http.request.traced ? TRACED : 0);
  }
  return flags;
}

/** What records and call sites share: outcome flags and the HTTP fields that are read. */
abstract class HttpFacts implements Outcome {
  protected readonly flags: number;
  private readonly method: string | undefined;
  private readonly url: string | undefined;
  private readonly userAgent: string | undefined;
  private readonly clientIp: string | undefined;
  /** Integral statuses are small integers (unboxed); undefined when absent. */
  private readonly status: number | undefined;

  protected constructor(entity: EntityFields, extraFlags: number) {
    this.flags = flagsOf(entity) | extraFlags;
    const request = entity.http?.request;
    this.method = pool.intern(request?.method);
    this.url = pool.intern(request?.url);
    this.userAgent = pool.intern(request?.user_agent);
    this.clientIp = pool.intern(request?.client_ip);
    this.status = entity.http?.response?.status;
  }

  get error(): boolean {
    return (this.flags & ERROR) !== 0;
  }

  get throttle(): boolean {
    return (this.flags & THROTTLE) !== 0;
  }

  get fault(): boolean {
    return (this.flags & FAULT) !== 0;
  }

  /** The fields of `http` that summaries, filters and the graph read, as a fresh object. */
  get http(): HttpData | undefined {
    const flags = this.flags;
    if ((flags & HAS_HTTP) === 0) return undefined;
    const out: HttpData = {};
    if ((flags & HAS_REQUEST) !== 0) {
      out.request = { method: this.method, url: this.url, user_agent: this.userAgent, client_ip: this.clientIp, traced: (flags & HAS_TRACED) === 0 ? undefined : (flags & TRACED) !== 0 };
    }
    if ((flags & HAS_RESPONSE) !== 0) out.response = this.status === undefined ? {} : { status: this.status };
    return out;
  }
}

class StoredCallSite extends HttpFacts implements CallSite {
  readonly id: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly startTime: number;
  readonly endTime: number | undefined;

  constructor(sub: NestedSubsegment) {
    super(sub, 0);
    this.id = sub.id;
    this.name = pool.intern(sub.name);
    this.namespace = pool.intern(sub.namespace);
    this.startTime = sub.start_time;
    this.endTime = sub.in_progress === true ? undefined : sub.end_time;
  }

  get traced(): boolean {
    return (this.flags & TRACED) !== 0;
  }
}

class StoredSegment extends HttpFacts implements SegmentRecord {
  readonly traceId: string;
  readonly id: string;
  readonly parentId: string | undefined;
  readonly name: string;
  readonly origin: string | undefined;
  readonly startTime: number;
  readonly endTime: number | undefined;
  readonly user: string | undefined;
  readonly annotations: Annotations | undefined;
  readonly callSites: readonly CallSite[];
  readonly subsegmentIds: string;
  readonly json: string;

  constructor(doc: TraceDocument, json: string, traceId: string, collected: Collected) {
    const subsegment = doc.type === 'subsegment';
    const inProgress = doc.in_progress === true;
    super(doc, (inProgress ? IN_PROGRESS : 0) | (subsegment ? SUBSEGMENT : 0));
    this.traceId = traceId;
    this.id = doc.id;
    this.parentId = doc.parent_id;
    this.name = pool.intern(doc.name);
    this.origin = subsegment ? undefined : pool.intern(doc.origin);
    this.startTime = doc.start_time;
    this.endTime = inProgress ? undefined : doc.end_time;
    this.user = subsegment ? undefined : pool.intern(doc.user);
    this.annotations = compactAnnotations(collected.annotations === undefined ? doc.annotations : { ...collected.annotations, ...doc.annotations });
    // slice(): an array grown by push keeps spare capacity (17 slots after the first push); the copy is exact.
    this.callSites = collected.callSites.length === 0 ? NO_CALL_SITES : collected.callSites.slice();
    // join(): one flat string; `+=` made a tree of cons strings (32 B per id, and a flattened copy on first search).
    this.subsegmentIds = collected.ids.length === 0 ? '' : collected.ids.join('');
    this.json = json;
  }

  get kind(): 'segment' | 'subsegment' {
    return (this.flags & SUBSEGMENT) !== 0 ? 'subsegment' : 'segment';
  }

  get inProgress(): boolean {
    return (this.flags & IN_PROGRESS) !== 0;
  }
}

/**
 * Annotation sets repeat (a route, a user handle, a flag): identical sets share one frozen object,
 * ~70 B per segment less with the bench's documents. Bounded like the string pool.
 */
const annotationSets = new Map<string, Annotations>();
const MAX_ANNOTATION_SETS = 20_000;

function compactAnnotations(annotations: Annotations | undefined): Annotations | undefined {
  if (annotations === undefined) return undefined;
  let signature = '';
  for (const key in annotations) {
    const value = annotations[key];
    const text = String(value);
    // Lengths make the signature unambiguous whatever the keys and values contain.
    signature += `${key.length}:${key}${typeof value === 'string' ? 's' : typeof value === 'number' ? 'n' : 'b'}${text.length}:${text}`;
  }
  if (signature.length > 1000) return copyAnnotations(annotations);
  let shared = annotationSets.get(signature);
  if (shared === undefined) {
    shared = Object.freeze(copyAnnotations(annotations));
    if (annotationSets.size >= MAX_ANNOTATION_SETS) annotationSets.clear();
    annotationSets.set(signature, shared);
  }
  return shared;
}

function copyAnnotations(annotations: Annotations): Annotations {
  const out: Annotations = {};
  for (const key in annotations) {
    const value = annotations[key];
    out[key] = typeof value === 'string' ? pool.intern(value) : value;
  }
  return out;
}

function isCallSite(sub: NestedSubsegment): boolean {
  return sub.namespace === 'remote' || sub.namespace === 'aws' || sub.http?.request !== undefined;
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
    if (isCallSite(sub)) into.callSites.push(new StoredCallSite(sub));
    if (sub.annotations !== undefined) into.annotations = { ...into.annotations, ...sub.annotations };
    collect(sub.subsegments, into);
  }
}

/**
 * Builds the stored record for a validated document and its JSON text. `traceId`, when given, is
 * the stored trace's own id string (equal to `doc.trace_id`), so records of a trace share it.
 */
export function toSegmentRecord(doc: TraceDocument, json: string, traceId: string = doc.trace_id): SegmentRecord {
  const into: Collected = { callSites: [], ids: [], annotations: undefined };
  if (doc.type === 'subsegment' && isCallSite(doc)) into.callSites.push(new StoredCallSite(doc));
  collect(doc.subsegments, into);
  return new StoredSegment(doc, json, traceId, into);
}

/** Whether `id` is one of the record's nested subsegment ids (aligned search in the packed string). */
export function containsSubsegmentId(record: SegmentRecord, id: string): boolean {
  const ids = record.subsegmentIds;
  for (let at = ids.indexOf(id); at >= 0; at = ids.indexOf(id, at + 1)) if (at % 16 === 0) return true;
  return false;
}
