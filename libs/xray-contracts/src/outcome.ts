import type { EntityFields } from './segment-document';

/**
 * How a request or call ended, as X-Ray counts and colours it: `error` a 4xx, `throttle` a 429
 * (which is also an error), `fault` a 5xx, `ok` anything else.
 */
export type Outcome = 'ok' | 'error' | 'throttle' | 'fault';

/** The outcome flags of a segment or call, as the X-Ray API counts them: a throttle is also an error. */
export interface OutcomeFlags {
  readonly error: boolean;
  readonly throttle: boolean;
  readonly fault: boolean;
}

/** What an HTTP status means: 4xx error, 429 throttle, 5xx fault. */
export function outcomeOfStatus(status: number): Outcome {
  if (status >= 500 && status <= 599) return 'fault';
  if (status === 429) return 'throttle';
  if (status >= 400 && status <= 499) return 'error';
  return 'ok';
}

/** The one outcome of recorded flags: fault before throttle before error. */
export function outcomeOfFlags(flags: {
  readonly error?: boolean;
  readonly throttle?: boolean;
  readonly fault?: boolean;
}): Outcome {
  if (flags.fault === true) return 'fault';
  if (flags.throttle === true) return 'throttle';
  if (flags.error === true) return 'error';
  return 'ok';
}

/**
 * A (sub)segment's outcome flags from what it recorded and from its HTTP status (a segment may
 * carry a 404 without `error: true`). On the daemon's ingest path: no allocation but the result.
 */
export function outcomeFlagsOf(entity: EntityFields): OutcomeFlags {
  const status = entity.http?.response?.status;
  const throttle = entity.throttle === true || status === 429;
  const fault = entity.fault === true || (status !== undefined && status >= 500 && status <= 599);
  const error = entity.error === true || throttle || (status !== undefined && status >= 400 && status <= 499);
  return { error, throttle, fault };
}
