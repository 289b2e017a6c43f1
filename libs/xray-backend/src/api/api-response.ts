import type { XRayApiError } from '../api-errors/xray-api-error';

/** What the HTTP layer writes back: status, headers and the JSON body text. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export function jsonResponse(value: unknown, status = 200): ApiResponse {
  return { status, headers: JSON_HEADERS, body: JSON.stringify(value) };
}

/** An X-Ray API error as AWS serialises it (restJson1). */
export function apiErrorResponse(error: XRayApiError): ApiResponse {
  return { status: error.status, headers: error.headers(), body: JSON.stringify(error.toBody()) };
}

/**
 * Errors raised before any operation runs (unknown path, wrong method, body too large). They are
 * not X-Ray API error codes, but use the same body shape so SDKs and the CLI show the message.
 */
export function protocolErrorResponse(
  status: number,
  type: string,
  message: string,
  extraHeaders: Record<string, string> = {},
): ApiResponse {
  return {
    status,
    headers: { ...JSON_HEADERS, 'x-amzn-ErrorType': type, ...extraHeaders },
    body: JSON.stringify({ __type: type, message, Message: message }),
  };
}

/** 413 for a request body over `limitBytes`; shared by the router and the HTTP server that streams the body. */
export function payloadTooLargeResponse(limitBytes: number): ApiResponse {
  return protocolErrorResponse(
    413,
    'RequestEntityTooLargeException',
    `Request body is larger than ${limitBytes} bytes`,
  );
}
