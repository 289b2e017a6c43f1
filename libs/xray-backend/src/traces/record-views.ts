import type { HttpView, ServiceView } from '../filter/trace-view';
import type { HttpData } from '@cruddur/xray-contracts';
import { inferredTypeOf } from '../store/inferred-type';
import { responseTime } from '../store/response-time';
import type { OutcomeFlags } from '@cruddur/xray-contracts';
import type { CallSite, SegmentRecord } from '../store/segment-record';
import type { StoredTrace } from '../store/stored-trace';
import { rootSegment } from './root-segment';

/** What a service or a call is described by: a segment, or a calling subsegment. */
export type Facts = OutcomeFlags & Pick<CallSite, 'startTime' | 'endTime' | 'http'>;

export function httpView(http: HttpData | undefined): HttpView | undefined {
  if (http === undefined) return undefined;
  const { request, response } = http;
  return {
    url: request?.url,
    method: request?.method,
    userAgent: request?.user_agent,
    clientIp: request?.client_ip,
    status: response?.status,
  };
}

/**
 * An upper bound of every segment's response time in the trace, read from the trace instead of
 * each segment: StoredTrace keeps the earliest start and the latest end of all documents it took.
 * (Not of call sites: nothing makes a nested subsegment's times fall inside its document's.)
 */
export function segmentResponseTimeBound(trace: StoredTrace): number | undefined {
  return responseTime(trace.startTime, trace.endTime);
}

/**
 * What every view of a segment or call reads of its record, on access instead of copied: a
 * filter reads one or two fields of the few services or calls its names select, and copying
 * every field (the `http` object above all: 4 allocations) was most of a `service()`/`edge()`
 * scan.
 */
export abstract class FactsView<F extends Facts> {
  constructor(readonly facts: F) {}

  get ok(): boolean {
    return !this.facts.error && !this.facts.fault;
  }

  get error(): boolean {
    return this.facts.error;
  }

  get throttle(): boolean {
    return this.facts.throttle;
  }

  get fault(): boolean {
    return this.facts.fault;
  }

  get responseTime(): number | undefined {
    return responseTime(this.facts.startTime, this.facts.endTime);
  }

  get http(): HttpView | undefined {
    return httpView(this.facts.http);
  }
}

/** A segment as a service of the trace. */
export class SegmentServiceView extends FactsView<SegmentRecord> implements ServiceView {
  constructor(
    facts: SegmentRecord,
    private readonly trace: StoredTrace,
  ) {
    super(facts);
  }

  get maxResponseTime(): number | undefined {
    return segmentResponseTimeBound(this.trace);
  }

  /** Looked up when read (rarely): finding the root for every candidate cost more than the rest of its view. */
  get root(): boolean {
    return rootSegment(this.trace) === this.facts;
  }

  get name(): string {
    return this.facts.name;
  }

  get type(): string | undefined {
    return this.facts.origin;
  }

  get inferred(): boolean {
    return false;
  }

  get user(): string | undefined {
    return this.facts.user;
  }
}

/** The node inferred from a call that no downstream segment answered. */
export class InferredServiceView extends FactsView<CallSite> implements ServiceView {
  get name(): string {
    return this.facts.name;
  }

  get type(): string {
    return inferredTypeOf(this.facts);
  }

  get root(): boolean {
    return false;
  }

  /** None cheaper than the time itself: a call site's times need not fall inside any document's. */
  get maxResponseTime(): undefined {
    return undefined;
  }

  get inferred(): boolean {
    return true;
  }
}
