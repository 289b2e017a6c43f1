import { outcomeOfStatus } from '@cruddur/xray-contracts';
import { StatusCode } from '../model/otlp-span';
import type { SpanAttributes } from './span-attributes';

/**
 * X-Ray's `error` and `throttle` on a span without an HTTP status (a microservice answering 4xx
 * over RPC): OTLP has no such outcome and an ERROR status alone reads back as a fault, so the
 * segment -> span translation writes them as these boolean attributes and this rule reads them.
 */
export const XRAY_ERROR_ATTRIBUTE = 'aws.xray.error';
export const XRAY_THROTTLE_ATTRIBUTE = 'aws.xray.throttle';

export interface SpanOutcome {
  readonly error?: true;
  readonly throttle?: true;
  readonly fault?: true;
}

/**
 * X-Ray's outcome flags: from the HTTP status when there is one (4xx error, 429 error and
 * throttle, 5xx fault), otherwise a span status of ERROR is a fault, or an error (and throttle)
 * when `aws.xray.error` (and `aws.xray.throttle`) say so.
 */
export function spanOutcome(
  httpStatus: number | undefined,
  statusCode: number,
  attributes?: SpanAttributes,
): SpanOutcome {
  const error = attributes?.flag(XRAY_ERROR_ATTRIBUTE) === true;
  const throttle = attributes?.flag(XRAY_THROTTLE_ATTRIBUTE) === true;
  const byStatus = httpStatus === undefined ? 'ok' : outcomeOfStatus(httpStatus);
  if (byStatus === 'throttle') return { error: true, throttle: true };
  if (byStatus === 'error') return { error: true };
  if (byStatus === 'fault') return { fault: true };
  if (statusCode !== StatusCode.error) return {};
  if (error) return throttle ? { error: true, throttle: true } : { error: true };
  return { fault: true };
}
