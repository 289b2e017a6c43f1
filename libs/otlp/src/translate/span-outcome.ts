import { StatusCode } from '../model/otlp-span';

export interface SpanOutcome {
  readonly error?: true;
  readonly throttle?: true;
  readonly fault?: true;
}

/**
 * X-Ray's outcome flags: from the HTTP status when there is one (4xx error, 429 error and
 * throttle, 5xx fault), otherwise a span status of ERROR is a fault.
 */
export function spanOutcome(httpStatus: number | undefined, statusCode: number): SpanOutcome {
  if (httpStatus === 429) return { error: true, throttle: true };
  if (httpStatus !== undefined && httpStatus >= 400 && httpStatus <= 499) return { error: true };
  if (httpStatus !== undefined && httpStatus >= 500 && httpStatus <= 599) return { fault: true };
  return statusCode === StatusCode.error ? { fault: true } : {};
}
