import type {
  Annotations,
  EntityFields,
  HttpData,
  HttpResponseData,
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
// interned, shared response objects and shared empty lists. Heap snapshot, 80,000 segments of
// 0.5-4 KB (bench/daemon-queries.js documents): short strings 38.5 -> 16.8 MB, live heap 264 -> 240 MB.
const pool = new StringPool();
const NO_CALL_SITES: readonly CallSite[] = Object.freeze([]);
const responses = new Map<number | undefined, HttpResponseData>();

/** `{status}` objects shared by status code (content_length is not read by anything). */
function sharedResponse(status: number | undefined): HttpResponseData {
  let response = responses.get(status);
  if (response === undefined) {
    response = Object.freeze(status === undefined ? {} : { status });
    if (responses.size < 1000) responses.set(status, response);
  }
  return response;
}

/** The fields of `http` that summaries, filters and the graph read, with pooled strings. */
function compactHttp(http: HttpData | undefined): HttpData | undefined {
  if (http === undefined) return undefined;
  const { request, response } = http;
  const out: HttpData = {};
  if (request !== undefined) {
    out.request = {
      method: pool.intern(request.method),
      url: pool.intern(request.url),
      user_agent: pool.intern(request.user_agent),
      client_ip: pool.intern(request.client_ip),
      traced: request.traced,
    };
  }
  if (response !== undefined) out.response = sharedResponse(response.status);
  return out;
}

function compactAnnotations(annotations: Annotations | undefined): Annotations | undefined {
  if (annotations === undefined) return undefined;
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

// Records are built as plain literals, never with object spread: spread-built objects with this
// many fields can land in V8's dictionary mode, which measured at ~3x the memory per segment.
function toCallSite(sub: NestedSubsegment): CallSite {
  const { error, throttle, fault } = outcomeOf(sub);
  return {
    error,
    throttle,
    fault,
    id: sub.id,
    name: pool.intern(sub.name),
    namespace: pool.intern(sub.namespace),
    startTime: sub.start_time,
    endTime: sub.in_progress === true ? undefined : sub.end_time,
    http: compactHttp(sub.http),
    traced: sub.http?.request?.traced === true,
  };
}

interface Collected {
  callSites: CallSite[];
  ids: string;
  annotations: Annotations | undefined;
}

function collect(subsegments: readonly NestedSubsegment[] | undefined, into: Collected): void {
  if (subsegments === undefined) return;
  for (const sub of subsegments) {
    into.ids += sub.id;
    if (isCallSite(sub)) into.callSites.push(toCallSite(sub));
    if (sub.annotations !== undefined) into.annotations = { ...into.annotations, ...sub.annotations };
    collect(sub.subsegments, into);
  }
}

/**
 * Builds the stored record for a validated document and its JSON text. `traceId`, when given, is
 * the stored trace's own id string (equal to `doc.trace_id`), so records of a trace share it.
 */
export function toSegmentRecord(doc: TraceDocument, json: string, traceId: string = doc.trace_id): SegmentRecord {
  const into: Collected = { callSites: [], ids: '', annotations: undefined };
  if (doc.type === 'subsegment' && isCallSite(doc)) into.callSites.push(toCallSite(doc));
  collect(doc.subsegments, into);
  const annotations = compactAnnotations(
    into.annotations === undefined ? doc.annotations : { ...into.annotations, ...doc.annotations },
  );
  const inProgress = doc.in_progress === true;
  const { error, throttle, fault } = outcomeOf(doc);
  return {
    error,
    throttle,
    fault,
    traceId,
    id: doc.id,
    parentId: doc.parent_id,
    kind: doc.type === 'subsegment' ? 'subsegment' : 'segment',
    name: pool.intern(doc.name),
    origin: doc.type === 'subsegment' ? undefined : pool.intern(doc.origin),
    startTime: doc.start_time,
    endTime: inProgress ? undefined : doc.end_time,
    inProgress,
    http: compactHttp(doc.http),
    user: doc.type === 'subsegment' ? undefined : pool.intern(doc.user),
    annotations,
    callSites: into.callSites.length === 0 ? NO_CALL_SITES : into.callSites,
    subsegmentIds: into.ids,
    json,
  };
}

/** Whether `id` is one of the record's nested subsegment ids (aligned search in the packed string). */
export function containsSubsegmentId(record: SegmentRecord, id: string): boolean {
  const ids = record.subsegmentIds;
  for (let at = ids.indexOf(id); at >= 0; at = ids.indexOf(id, at + 1)) if (at % 16 === 0) return true;
  return false;
}
