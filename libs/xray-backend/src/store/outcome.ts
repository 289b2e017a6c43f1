import type { EntityFields } from '@cruddur/xray-contracts';

/** How a (sub)segment ended, from its flags and its HTTP status, as the X-Ray console colours it. */
export interface Outcome {
  /** 4xx (includes throttles). */
  readonly error: boolean;
  /** 429. */
  readonly throttle: boolean;
  /** 5xx. */
  readonly fault: boolean;
}

export function outcomeOf(entity: EntityFields): Outcome {
  const status = entity.http?.response?.status;
  const throttle = entity.throttle === true || status === 429;
  const fault = entity.fault === true || (status !== undefined && status >= 500 && status <= 599);
  const error = entity.error === true || throttle || (status !== undefined && status >= 400 && status <= 499);
  return { error, throttle, fault };
}
