export { XRayApiRouter, DEFAULT_MAX_BODY_BYTES } from './xray-api-router';
export type { XRayApiRouterOptions } from './xray-api-router';
export type { ApiResponse } from './api-response';
export { jsonResponse, protocolErrorResponse, payloadTooLargeResponse } from './api-response';
