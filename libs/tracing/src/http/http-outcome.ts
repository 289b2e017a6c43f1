import type { Outcome } from '../recorder/tracer';

/** X-Ray's flags for an HTTP status: 4xx error (429 also throttle), 5xx fault. */
export function outcomeOfStatus(status: number, cause?: unknown): Outcome {
  if (status >= 500) return { kind: 'fault', cause };
  if (status >= 400) return { kind: 'error', throttle: status === 429, cause };
  return { kind: 'ok' };
}
