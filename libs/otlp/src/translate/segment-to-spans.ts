import {
  type Cause,
  type EntityFields,
  type ExceptionDetail,
  type NestedSubsegment,
  type SegmentDocument,
  documentJson,
  w3cTraceIdOf,
} from '@cruddur/xray-contracts';
import {
  type AttributeMap,
  type AttributeValue,
  emptyAttributes,
  type OtlpEvent,
  type OtlpResourceSpans,
  type OtlpSpan,
  SpanKind,
  StatusCode,
} from '../model/otlp-span';
import { ANNOTATIONS_KEY } from './annotations';
import { METADATA_PREFIX } from './metadata';
import { secondsToUnixNanos } from './seconds-to-unix-nanos';
import { XRAY_ERROR_ATTRIBUTE, XRAY_THROTTLE_ATTRIBUTE } from './span-outcome';

// Segment -> span, the reverse of span-to-entity.ts, by the rules of the OpenTelemetry
// Collector's X-Ray receiver: the segment is a SERVER span named after the service (also its
// resource's `service.name`); `remote` and `aws` subsegments are CLIENT spans, other subsegments
// INTERNAL; HTTP fields become the HTTP semantic-convention attributes; annotations become
// attributes listed in `aws.xray.annotations`; each metadata namespace an
// `aws.xray.metadata.<ns>` JSON string; `cause` an ERROR status with `exception` events. Every
// attribute written here is one span-to-entity.ts reads back, so a segment survives
// segment -> span -> segment (names, ids, parents, times, http, outcome, annotations, metadata).

function stackTrace(exception: ExceptionDetail): string | undefined {
  if (!exception.stack?.length) return undefined;
  const lines = [`${exception.type ?? 'Error'}: ${exception.message ?? ''}`];
  for (const frame of exception.stack) {
    const where =
      frame.line === null || frame.line === undefined ? (frame.path ?? '') : `${frame.path ?? ''}:${frame.line}`;
    lines.push(frame.label ? `    at ${frame.label} (${where})` : `    at ${where}`);
  }
  return lines.join('\n');
}

function exceptionEvents(cause: Cause | undefined, time: string): OtlpEvent[] {
  // A bare exception id points at an exception recorded elsewhere in the trace: nothing to carry.
  if (cause === undefined || typeof cause === 'string') return [];
  return (cause.exceptions ?? []).map((exception) => {
    const attributes = emptyAttributes();
    if (exception.type !== undefined) attributes['exception.type'] = exception.type;
    if (exception.message !== undefined) attributes['exception.message'] = exception.message;
    const stack = stackTrace(exception);
    if (stack !== undefined) attributes['exception.stacktrace'] = stack;
    return { name: 'exception', timeUnixNano: time, attributes };
  });
}

function httpAttributes(entity: EntityFields, attributes: AttributeMap): void {
  const request = entity.http?.request;
  const response = entity.http?.response;
  if (request?.method !== undefined) attributes['http.request.method'] = request.method;
  if (request?.url !== undefined) attributes['url.full'] = request.url;
  if (request?.user_agent !== undefined) attributes['user_agent.original'] = request.user_agent;
  if (request?.client_ip !== undefined) attributes['client.address'] = request.client_ip;
  if (response?.status !== undefined) attributes['http.response.status_code'] = response.status;
  if (response?.content_length !== undefined) attributes['http.response.body.size'] = response.content_length;
}

function span(entity: EntityFields, traceId: string, parentSpanId: string, kind: number): OtlpSpan {
  const attributes = emptyAttributes();
  httpAttributes(entity, attributes);
  if (entity.annotations !== undefined) {
    const keys = Object.keys(entity.annotations);
    for (const key of keys) attributes[key] = entity.annotations[key];
    if (keys.length > 0) attributes[ANNOTATIONS_KEY] = keys;
  }
  if (entity.metadata !== undefined) {
    for (const namespace of Object.keys(entity.metadata))
      attributes[METADATA_PREFIX + namespace] = documentJson(entity.metadata[namespace]);
  }
  // An error (4xx) or throttle that no HTTP status carries (see span-outcome.ts).
  if (entity.http?.response?.status === undefined && !entity.fault) {
    if (entity.error) attributes[XRAY_ERROR_ATTRIBUTE] = true;
    if (entity.throttle) attributes[XRAY_THROTTLE_ATTRIBUTE] = true;
  }
  const start = secondsToUnixNanos(entity.start_time);
  const end = entity.end_time === undefined ? start : secondsToUnixNanos(entity.end_time);
  const failed = entity.error === true || entity.fault === true || entity.throttle === true;
  return {
    traceId,
    spanId: entity.id,
    parentSpanId,
    name: entity.name,
    kind,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    attributes,
    events: exceptionEvents(entity.cause, end),
    status: { code: failed ? StatusCode.error : StatusCode.unset, message: '' },
  };
}

function subsegmentKind(subsegment: NestedSubsegment): number {
  return subsegment.namespace === 'remote' || subsegment.namespace === 'aws' ? SpanKind.client : SpanKind.internal;
}

function addSubsegments(parent: EntityFields, traceId: string, out: OtlpSpan[]): void {
  for (const subsegment of parent.subsegments ?? []) {
    const child = span(subsegment, traceId, parent.id, subsegmentKind(subsegment));
    if (subsegment.namespace === 'aws') {
      // The Collector names `aws` subsegments after `rpc.service` when `rpc.system` is aws-api.
      (child.attributes as Record<string, AttributeValue>)['rpc.system'] = 'aws-api';
      (child.attributes as Record<string, AttributeValue>)['rpc.service'] = subsegment.name;
    }
    out.push(child);
    addSubsegments(subsegment, traceId, out);
  }
}

/** A segment and its nested subsegments as spans, depth first (a parent before its children). */
export function segmentToSpans(segment: SegmentDocument): OtlpSpan[] {
  const traceId = w3cTraceIdOf(segment.trace_id);
  const spans = [span(segment, traceId, segment.parent_id ?? '', SpanKind.server)];
  addSubsegments(segment, traceId, spans);
  return spans;
}

/**
 * Segments as OTLP resource spans: one resource per service name (a segment's name is its
 * service's, `service.name`), with `resource` added to each (e.g. telemetry.sdk.*).
 */
export function segmentsToResourceSpans(
  segments: readonly SegmentDocument[],
  resource: Readonly<Record<string, AttributeValue>> = {},
): OtlpResourceSpans[] {
  const byService = new Map<string, OtlpSpan[]>();
  for (const segment of segments) {
    let spans = byService.get(segment.name);
    if (spans === undefined) byService.set(segment.name, (spans = []));
    for (const s of segmentToSpans(segment)) spans.push(s);
  }
  return [...byService].map(([name, spans]) => ({
    resource: Object.assign(emptyAttributes(), resource, { 'service.name': name }),
    spans,
  }));
}
