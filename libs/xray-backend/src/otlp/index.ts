export { OtlpTraceReceiver, OTLP_TRACES_PATH } from './otlp-trace-receiver';
export type { OtlpHttpAnswer, OtlpHttpRequest, OtlpTraceReceiverOptions } from './otlp-trace-receiver';
export type { OtlpCounters } from './otlp-counters';
export { DEFAULT_OTLP_MAX_BODY_BYTES, readOtlpRequestBody } from './otlp-request-body';
export type { OtlpRequestBody } from './otlp-request-body';
export { ingestSpans } from './otlp-span-ingest';
export type { SpanVerdicts } from './otlp-span-ingest';
