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
  /** W3C `tracestate` as the caller sent it: passed on unchanged. */
  readonly traceState?: string;
}

// One storage for the process: on Node 20 every AsyncLocalStorage in use adds its own work to
// the creation of every promise and async resource, so a second one would cost each request again.
const storage = new AsyncLocalStorage<ActiveTrace | undefined>();

export function currentTrace(): ActiveTrace | undefined {
  return storage.getStore();
}

export function runInTrace<T>(trace: ActiveTrace, fn: () => T): T {
  return storage.run(trace, fn);
}

/** Runs `fn` with no trace, e.g. to create a long-lived socket no request owns. */
export function outsideAnyTrace<T>(fn: () => T): T {
  // run(undefined), not exit(): on Node 20 exit() switches the async hooks of every storage off
  // and on again around fn (~3.5 µs), and the traced client calls this on every send.
  return storage.run(undefined, fn);
}
