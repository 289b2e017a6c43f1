import { type AttributeMap, type OtlpSpan, SpanKind } from '../model/otlp-span';
import { annotations } from './annotations';
import { exceptionCause } from './exception-cause';
import { httpFields } from './http-fields';
import { metadata } from './metadata';
import { fitSegmentName, segmentName, subsegmentName } from './segment-name';
import { SpanAttributes } from './span-attributes';
import { spanOutcome } from './span-outcome';
import { unixNanosToSeconds } from './unix-nanos-to-seconds';
import { xrayTraceId } from './xray-trace-id';
import type { EntityFields, NestedSubsegment, SegmentDocument } from '@cruddur/xray-contracts';

/** One span as X-Ray sees it: a segment document, or a subsegment still to be placed under its parent span. */
export type TranslatedSpan =
  | { readonly kind: 'segment'; readonly document: SegmentDocument }
  | {
      readonly kind: 'subsegment';
      readonly traceId: string;
      readonly parentId: string;
      readonly entity: NestedSubsegment;
    };

/** A SERVER span, or any span without a parent, is a segment; everything else a subsegment. */
export function isSegmentSpan(span: OtlpSpan): boolean {
  return span.kind === SpanKind.server || span.parentSpanId === '';
}

/** The fields segments and subsegments share, from the span and its attributes. */
function entityFields(span: OtlpSpan, attributes: SpanAttributes, name: string, remote: boolean): EntityFields {
  const entity: EntityFields = {
    name,
    id: span.spanId,
    start_time: unixNanosToSeconds(span.startTimeUnixNano),
    end_time: unixNanosToSeconds(span.endTimeUnixNano),
  };
  const http = httpFields(attributes, span.kind === SpanKind.server);
  if (http !== undefined) entity.http = http;
  Object.assign(entity, spanOutcome(http?.response?.status, span.status.code, attributes));
  const cause = exceptionCause(span.events, span.status, remote);
  if (cause !== undefined) entity.cause = cause;
  const indexed = annotations(attributes);
  if (indexed !== undefined) entity.annotations = indexed;
  return entity;
}

/**
 * Translates one checked span (see checkSpan) by the rules of the OpenTelemetry Collector's X-Ray
 * exporter: segment name from the resource's `service.name`; CLIENT and PRODUCER spans are
 * `remote` subsegments named after what they called (`aws` for AWS SDK calls); HTTP fields from
 * old and new conventions; outcome from the HTTP status, else the span status; exceptions to
 * `cause`; listed annotations; `aws.xray.metadata.*` and every other attribute to metadata;
 * `enduser.id` to the segment's `user`.
 */
export function spanToEntity(span: OtlpSpan, resource: AttributeMap): TranslatedSpan {
  const attributes = new SpanAttributes(span.attributes);
  const traceId = xrayTraceId(span.traceId);
  const remote = span.kind === SpanKind.client || span.kind === SpanKind.producer;
  if (isSegmentSpan(span)) {
    const document: SegmentDocument = {
      trace_id: traceId,
      ...entityFields(span, attributes, segmentName(resource, span.name), remote),
    };
    if (span.parentSpanId !== '') document.parent_id = span.parentSpanId;
    const user = attributes.string('enduser.id');
    if (user !== undefined) document.user = user;
    const version = resource['service.version'];
    if (typeof version === 'string' && version !== '') document.service = { version };
    const meta = metadata(attributes);
    if (meta !== undefined) document.metadata = meta;
    return { kind: 'segment', document };
  }
  const aws = attributes.peekString('rpc.system') === 'aws-api';
  const name = aws
    ? fitSegmentName(attributes.peekString('rpc.service') ?? span.name)
    : subsegmentName(attributes, span.name, remote);
  const entity: NestedSubsegment = entityFields(span, attributes, name, remote);
  if (aws) entity.namespace = 'aws';
  else if (remote) entity.namespace = 'remote';
  const meta = metadata(attributes);
  if (meta !== undefined) entity.metadata = meta;
  return { kind: 'subsegment', traceId, parentId: span.parentSpanId, entity };
}
