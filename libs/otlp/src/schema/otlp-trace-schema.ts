import { Root, type Type } from 'protobufjs';

// The OTLP trace messages, written for this repository from the opentelemetry-proto
// specification v1.5.0 (opentelemetry/proto/{common,resource,trace}/v1 and
// collector/trace/v1/trace_service.proto) plus google.rpc.Status. Field numbers and wire types
// are the contract with every OTLP exporter; names are lowerCamelCase as protobufjs and OTLP JSON
// spell them. Fields this project does not read (e.g. Resource entity refs) are left out: protobuf
// skips unknown fields, so bodies from newer exporters still decode.

type FieldJson = { type: string; id: number; rule?: 'repeated' };
type MessageJson = {
  edition: 'proto3';
  fields: Record<string, FieldJson>;
  oneofs?: Record<string, { oneof: string[] }>;
};

const COMMON = 'opentelemetry.proto.common.v1';
const RESOURCE = 'opentelemetry.proto.resource.v1';
const TRACE = 'opentelemetry.proto.trace.v1';

function message(fields: Record<string, FieldJson>, oneofs?: MessageJson['oneofs']): MessageJson {
  return oneofs === undefined ? { edition: 'proto3', fields } : { edition: 'proto3', fields, oneofs };
}

function repeated(type: string, id: number): FieldJson {
  return { rule: 'repeated', type, id };
}

const common = {
  // `oneof value` as in the spec: it also gives each member presence, so a false, 0 or '' that was
  // sent decodes as sent instead of vanishing as a proto3 default.
  AnyValue: message(
    {
      stringValue: { type: 'string', id: 1 },
      boolValue: { type: 'bool', id: 2 },
      intValue: { type: 'int64', id: 3 },
      doubleValue: { type: 'double', id: 4 },
      arrayValue: { type: `${COMMON}.ArrayValue`, id: 5 },
      kvlistValue: { type: `${COMMON}.KeyValueList`, id: 6 },
      bytesValue: { type: 'bytes', id: 7 },
    },
    {
      value: {
        oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'],
      },
    },
  ),
  ArrayValue: message({ values: repeated(`${COMMON}.AnyValue`, 1) }),
  KeyValueList: message({ values: repeated(`${COMMON}.KeyValue`, 1) }),
  KeyValue: message({ key: { type: 'string', id: 1 }, value: { type: `${COMMON}.AnyValue`, id: 2 } }),
  InstrumentationScope: message({
    name: { type: 'string', id: 1 },
    version: { type: 'string', id: 2 },
    attributes: repeated(`${COMMON}.KeyValue`, 3),
    droppedAttributesCount: { type: 'uint32', id: 4 },
  }),
};

const resource = {
  Resource: message({
    attributes: repeated(`${COMMON}.KeyValue`, 1),
    droppedAttributesCount: { type: 'uint32', id: 2 },
  }),
};

const trace = {
  ResourceSpans: message({
    resource: { type: `${RESOURCE}.Resource`, id: 1 },
    scopeSpans: repeated(`${TRACE}.ScopeSpans`, 2),
    schemaUrl: { type: 'string', id: 3 },
  }),
  ScopeSpans: message({
    scope: { type: `${COMMON}.InstrumentationScope`, id: 1 },
    spans: repeated(`${TRACE}.Span`, 2),
    schemaUrl: { type: 'string', id: 3 },
  }),
  Span: message({
    traceId: { type: 'bytes', id: 1 },
    spanId: { type: 'bytes', id: 2 },
    traceState: { type: 'string', id: 3 },
    parentSpanId: { type: 'bytes', id: 4 },
    flags: { type: 'fixed32', id: 16 },
    name: { type: 'string', id: 5 },
    // SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. Kept as an
    // integer (an open proto3 enum on the wire) so a future kind decodes instead of vanishing.
    kind: { type: 'int32', id: 6 },
    startTimeUnixNano: { type: 'fixed64', id: 7 },
    endTimeUnixNano: { type: 'fixed64', id: 8 },
    attributes: repeated(`${COMMON}.KeyValue`, 9),
    droppedAttributesCount: { type: 'uint32', id: 10 },
    events: repeated(`${TRACE}.Span.Event`, 11),
    droppedEventsCount: { type: 'uint32', id: 12 },
    links: repeated(`${TRACE}.Span.Link`, 13),
    droppedLinksCount: { type: 'uint32', id: 14 },
    status: { type: `${TRACE}.Status`, id: 15 },
  }),
  Event: message({
    timeUnixNano: { type: 'fixed64', id: 1 },
    name: { type: 'string', id: 2 },
    attributes: repeated(`${COMMON}.KeyValue`, 3),
    droppedAttributesCount: { type: 'uint32', id: 4 },
  }),
  Link: message({
    traceId: { type: 'bytes', id: 1 },
    spanId: { type: 'bytes', id: 2 },
    traceState: { type: 'string', id: 3 },
    attributes: repeated(`${COMMON}.KeyValue`, 4),
    droppedAttributesCount: { type: 'uint32', id: 5 },
    flags: { type: 'fixed32', id: 6 },
  }),
  // Field 1 is reserved (a removed deprecated code). StatusCode: 0 unset, 1 ok, 2 error; an int32 like kind.
  Status: message({ message: { type: 'string', id: 2 }, code: { type: 'int32', id: 3 } }),
};

const collector = {
  ExportTraceServiceRequest: message({ resourceSpans: repeated(`${TRACE}.ResourceSpans`, 1) }),
  ExportTraceServiceResponse: message({
    partialSuccess: { type: 'opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess', id: 1 },
  }),
  ExportTracePartialSuccess: message({
    rejectedSpans: { type: 'int64', id: 1 },
    errorMessage: { type: 'string', id: 2 },
  }),
};

// google.rpc.Status: the body of an OTLP/HTTP error answer. `details` (repeated google.protobuf.Any)
// is defined so that a client decoding it finds the field where it expects it; we send none.
const google = {
  rpc: {
    nested: {
      Status: message({
        code: { type: 'int32', id: 1 },
        message: { type: 'string', id: 2 },
        details: repeated('google.protobuf.Any', 3),
      }),
    },
  },
  protobuf: { nested: { Any: message({ typeUrl: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } }) } },
};

const { Event, Link, Span, ...traceTypes } = trace;
const root = Root.fromJSON({
  nested: {
    opentelemetry: {
      nested: {
        proto: {
          nested: {
            common: { nested: { v1: { nested: common } } },
            resource: { nested: { v1: { nested: resource } } },
            trace: { nested: { v1: { nested: { ...traceTypes, Span: { ...Span, nested: { Event, Link } } } } } },
            collector: { nested: { trace: { nested: { v1: { nested: collector } } } } },
          },
        },
      },
    },
    google: { nested: google },
  },
});

/** The message types both sides of OTLP/HTTP use, resolved once. */
export const OtlpTraceSchema: {
  readonly ExportTraceServiceRequest: Type;
  readonly ExportTraceServiceResponse: Type;
  readonly Status: Type;
} = {
  ExportTraceServiceRequest: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
  ExportTraceServiceResponse: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
  Status: root.lookupType('google.rpc.Status'),
};
