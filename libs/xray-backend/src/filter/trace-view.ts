import type { AnnotationValue, OutcomeFlags } from '@cruddur/xray-contracts';
import type { NodeMatcher } from './filter-ast';

/**
 * The read-only view of one trace that filter expressions evaluate against. The trace store
 * builds it from a trace's segments; the filter never sees segment documents.
 * Times are in seconds, as in segment documents and the X-Ray API.
 */

/** The HTTP facts of one segment or remote subsegment (`http.request` / `http.response`). */
export interface HttpView {
  readonly url?: string;
  readonly method?: string;
  readonly userAgent?: string;
  readonly clientIp?: string;
  readonly status?: number;
}

/** Outcome flags as segments record them (error 4xx, throttle 429 and also error, fault 5xx), and `ok`. */
export interface OutcomeView extends OutcomeFlags {
  /** Neither error, throttle nor fault. */
  readonly ok: boolean;
}

/** A service-map node as `id(name: .., type: ..)` names it. */
export interface ServiceRef {
  readonly name: string;
  /** `origin` of the segment (e.g. `AWS::EC2::Instance`), or the inferred node's type; absent if none. */
  readonly type?: string;
}

/**
 * One segment of the trace, or one inferred node (a remote subsegment whose downstream sent no
 * segment). A service that handled several requests in the trace appears once per segment.
 */
export interface ServiceView extends ServiceRef, OutcomeView {
  /** The trace's entry point: the segment without a parent. */
  readonly root: boolean;
  readonly inferred: boolean;
  /** end_time - start_time; absent while in progress. */
  readonly responseTime?: number;
  /** Optional: an upper bound of `responseTime` that is cheaper to read than it. */
  readonly maxResponseTime?: number;
  readonly http?: HttpView;
  /** The segment's `user` field. */
  readonly user?: string;
}

/** One call from a service to a downstream node, from the caller's remote subsegment. */
export interface EdgeView extends OutcomeView {
  readonly source: ServiceRef;
  readonly destination: ServiceRef;
  /** The destination is an inferred node. */
  readonly inferred: boolean;
  readonly responseTime?: number;
  /** Optional: an upper bound of `responseTime` that is cheaper to read than it. */
  readonly maxResponseTime?: number;
  readonly http?: HttpView;
}

export interface TraceView {
  /** Root segment start to the end of the last segment that completed. */
  readonly duration: number;
  /** Some segment is still in progress. */
  readonly partial: boolean;
  /** Annotations of every segment and subsegment, by key. */
  readonly annotations: ReadonlyMap<string, readonly AnnotationValue[]>;
  /** Exactly one entry has `root: true` once the root segment has arrived. */
  readonly services: readonly ServiceView[];
  /**
   * Optional shortcut to the `root: true` entry of `services` (null: no root yet), so filters
   * that read only the root do not make a lazy view build every service.
   */
  readonly root?: ServiceView | null;
  /**
   * Optional shortcut to `services.some(..)` over the services `target` names, that need not
   * build the others.
   */
  someService?(target: NodeMatcher, test: (service: ServiceView) => boolean): boolean;
  /** Optional shortcut to `edges.some(..)` over the edges between the nodes named, that need not build the others. */
  someEdge?(source: NodeMatcher, destination: NodeMatcher, test: (edge: EdgeView) => boolean): boolean;
  /** Optional shortcut to `annotations.get(key)` that need not build the whole map. */
  annotation?(key: string): readonly AnnotationValue[] | undefined;
  readonly edges: readonly EdgeView[];
}
