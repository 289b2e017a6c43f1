import { AsyncLocalStorage } from 'node:async_hooks';
import type { SegmentEntity, SubsegmentEntity } from '../recorder/trace-entity';

/**
 * The trace a piece of code runs in. Kept in AsyncLocalStorage instead of the SDK's
 * cls-hooked namespace: it survives await, timers and rxjs, never leaks between
 * concurrent requests, and costs a fraction of cls-hooked.
 * Immutable: entering a subsegment runs the callee with a new ActiveTrace.
 */
export interface ActiveTrace {
  readonly traceId: string;
  readonly sampled: boolean;
  /** Id to send as `Parent=` downstream: the current (sub)segment, or a random id when unsampled. */
  readonly spanId: string;
  /** The service's segment; only when sampled. */
  readonly segment?: SegmentEntity;
  /** Where new subsegments, annotations and metadata go; only when sampled. */
  readonly current?: SegmentEntity | SubsegmentEntity;
  readonly lineage?: string;
}

const storage = new AsyncLocalStorage<ActiveTrace>();

export function currentTrace(): ActiveTrace | undefined {
  return storage.getStore();
}

export function runInTrace<T>(trace: ActiveTrace, fn: () => T): T {
  return storage.run(trace, fn);
}
