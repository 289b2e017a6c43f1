import type { ServerResponse } from 'node:http';

/**
 * The exception a handler threw, kept with its response until the response is finished,
 * so the segment's `cause` carries the real error and stack, whatever filter answered.
 */
const exceptions = new WeakMap<object, unknown>();

export function recordException(res: object, error: unknown): void {
  exceptions.set(res, error);
}

export function takeRecordedException(res: ServerResponse): unknown {
  const error = exceptions.get(res);
  exceptions.delete(res);
  return error;
}
