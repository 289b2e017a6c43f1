import type { SegmentEntity } from '../recorder/trace-entity';

/**
 * The exception a handler threw, kept with the segment of the request or message it handled
 * until that segment closes, so its `cause` carries the real error and stack whatever exception
 * filter turned it into a response (Nest's filters answer a plain 500 or an RPC error body).
 */
const exceptions = new WeakMap<SegmentEntity, unknown>();

export function recordException(segment: SegmentEntity, error: unknown): void {
  exceptions.set(segment, error);
}

export function takeRecordedException(segment: SegmentEntity): unknown {
  const error = exceptions.get(segment);
  exceptions.delete(segment);
  return error;
}
