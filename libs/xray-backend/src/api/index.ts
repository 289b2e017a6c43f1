export { XRayApiRouter, DEFAULT_MAX_BODY_BYTES } from './xray-api-router';
export type { XRayApiRouterOptions } from './xray-api-router';
export type { ApiResponse } from './api-response';
export { jsonResponse, protocolErrorResponse, payloadTooLargeResponse } from './api-response';
export type { GetTraceSummariesResult } from './trace-summaries-query';
export type { GetServiceGraphResult, GetTraceGraphResult } from './service-graph-query';
export type { BatchGetTracesResult } from './batch-get-traces-query';
export type { UnprocessedTraceSegment } from './put-trace-segments-command';
