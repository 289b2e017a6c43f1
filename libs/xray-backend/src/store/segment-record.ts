import type {
  Annotations,
  EntityFields,
  HttpData,
  NestedSubsegment,
  TraceDocument,
} from '../segments/segment-document';

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
    name: sub.name,
    namespace: sub.namespace,
    startTime: sub.start_time,
    endTime: sub.in_progress === true ? undefined : sub.end_time,
    http: sub.http,
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

/** Builds the stored record for a validated document and its JSON text. */
export function toSegmentRecord(doc: TraceDocument, json: string): SegmentRecord {
  const into: Collected = { callSites: [], ids: '', annotations: undefined };
  if (doc.type === 'subsegment' && isCallSite(doc)) into.callSites.push(toCallSite(doc));
  collect(doc.subsegments, into);
  const annotations =
    into.annotations === undefined ? doc.annotations : { ...into.annotations, ...doc.annotations };
  const inProgress = doc.in_progress === true;
  const { error, throttle, fault } = outcomeOf(doc);
  return {
    error,
    throttle,
    fault,
    traceId: doc.trace_id,
    id: doc.id,
    parentId: doc.parent_id,
    kind: doc.type === 'subsegment' ? 'subsegment' : 'segment',
    name: doc.name,
    origin: doc.type === 'subsegment' ? undefined : doc.origin,
    startTime: doc.start_time,
    endTime: inProgress ? undefined : doc.end_time,
    inProgress,
    http: doc.http,
    user: doc.type === 'subsegment' ? undefined : doc.user,
    annotations,
    callSites: into.callSites,
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
