// OpenTelemetry traces over OTLP, for X-Ray: the OTLP trace schema (written once, for both
// directions), decoders for OTLP/HTTP bodies in protobuf and OTLP JSON, the answers a receiver
// sends, the span -> X-Ray segment translation of the OpenTelemetry Collector's X-Ray exporter,
// and the way back (segment -> span, protobuf encoding) for the tracing library's OTLP exporter.
export * from './schema/otlp-trace-schema';
export * from './model/otlp-span';
export * from './decode/otlp-decode-error';
export * from './decode/decode-protobuf';
export * from './decode/decode-json';
export * from './encode/otlp-encoding';
export * from './encode/export-response';
export * from './encode/encode-protobuf';
export * from './translate/span-check';
export * from './translate/span-to-entity';
export * from './translate/spans-to-documents';
export * from './translate/split-document';
export * from './translate/xray-trace-id';
export * from './translate/unix-nanos-to-seconds';
export * from './translate/segment-to-spans';
export * from './translate/seconds-to-unix-nanos';
