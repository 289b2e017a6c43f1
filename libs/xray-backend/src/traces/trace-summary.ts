import { serviceOf, type ServiceNode } from '../graph/service-node';
import type {
  AnnotationValue,
  AnnotationValueMember,
  SegmentSenders,
  ServiceId,
  TraceHttp,
  TraceSummary,
  ValueWithServiceIds,
} from '@cruddur/xray-contracts';
import type { SegmentRecord } from '../store/segment-record';
import type { StoredTrace } from '../store/stored-trace';
import { traceDuration } from './render-trace';
import { rootSegment } from './root-segment';
import { linkTraceCalls } from './trace-calls';

export interface TraceSummaryOptions {
  /** Epoch seconds now. */
  now: number;
  /**
   * The services that send segments (the service graph's, see ServiceGraphAggregator): a call
   * to one of them that no downstream segment answers makes the trace partial.
   */
  senders: SegmentSenders;
  /**
   * A call missing its downstream segment (missesDownstreamSegment) makes the trace partial once
   * this long has passed since the trace's last document (downstream segments usually arrive
   * first; the grace covers the ones that are merely late).
   */
  partialGraceSeconds?: number;
}

/**
 * A document still in progress, or, after the grace, a call missing its downstream segment.
 * `missingDownstream` links the trace's calls: it is asked only when the rest does not decide.
 */
export function isPartial(trace: StoredTrace, options: TraceSummaryOptions, missingDownstream: () => boolean): boolean {
  if (trace.segments.some((r) => r.inProgress)) return true;
  const graceOver = options.now - trace.lastUpdated >= (options.partialGraceSeconds ?? 10);
  return graceOver && missingDownstream();
}

function serviceId(node: ServiceNode): ServiceId {
  const id: ServiceId = { Name: node.name, Names: [node.name] };
  if (node.type !== undefined) id.Type = node.type;
  return id;
}

function annotationMember(value: AnnotationValue): AnnotationValueMember {
  if (typeof value === 'string') return { StringValue: value };
  if (typeof value === 'number') return { NumberValue: value };
  return { BooleanValue: value };
}

/** Adds a service to a list keyed by node key, once. */
function addService(list: Map<string, ServiceId>, node: ServiceNode): void {
  if (!list.has(node.key)) list.set(node.key, serviceId(node));
}

function httpOf(root: SegmentRecord | undefined): TraceHttp {
  const request = root?.http?.request;
  const status = root?.http?.response?.status;
  const http: TraceHttp = {};
  if (request?.url !== undefined) http.HttpURL = request.url;
  if (status !== undefined) http.HttpStatus = status;
  if (request?.method !== undefined) http.HttpMethod = request.method;
  if (request?.user_agent !== undefined) http.UserAgent = request.user_agent;
  if (request?.client_ip !== undefined) http.ClientIp = request.client_ip;
  return http;
}

/** GetTraceSummaries item for a stored trace. */
export function buildTraceSummary(trace: StoredTrace, options: TraceSummaryOptions): TraceSummary {
  const root = rootSegment(trace);
  const calls = linkTraceCalls(trace, options.senders);

  const services = new Map<string, ServiceId>();
  // key -> value (typed, so 1 and "1" stay apart) -> services that recorded it
  const annotations = new Map<string, Map<string, { value: AnnotationValue; services: Map<string, ServiceId> }>>();
  const users = new Map<string, Map<string, ServiceId>>();
  let hasThrottle = false;
  for (const r of trace.segments) {
    hasThrottle ||= r.throttle || r.callSites.some((c) => c.throttle);
    if (r.kind !== 'segment') continue;
    const node = serviceOf(r);
    addService(services, node);
    if (r.user !== undefined) {
      let byUser = users.get(r.user);
      if (byUser === undefined) users.set(r.user, (byUser = new Map()));
      addService(byUser, node);
    }
    for (const [key, value] of Object.entries(r.annotations ?? {})) {
      let byValue = annotations.get(key);
      if (byValue === undefined) annotations.set(key, (byValue = new Map()));
      const valueKey = `${typeof value}:${String(value)}`;
      let entry = byValue.get(valueKey);
      if (entry === undefined) byValue.set(valueKey, (entry = { value, services: new Map() }));
      addService(entry.services, node);
    }
  }
  for (const call of calls) if (call.inferred) addService(services, call.callee);

  const summary: TraceSummary = {
    Id: trace.id,
    StartTime: trace.startTime,
    Duration: traceDuration(trace),
    HasFault: root?.fault ?? false,
    HasError: root?.error ?? false,
    HasThrottle: hasThrottle,
    IsPartial: isPartial(trace, options, () => calls.some((c) => c.missingDownstream)),
    Http: httpOf(root),
    Annotations: Object.fromEntries(
      [...annotations].map(([key, byValue]): [string, ValueWithServiceIds[]] => [
        key,
        [...byValue.values()].map((e) => ({
          AnnotationValue: annotationMember(e.value),
          ServiceIds: [...e.services.values()],
        })),
      ]),
    ),
    Users: [...users].map(([UserName, byUser]) => ({ UserName, ServiceIds: [...byUser.values()] })),
    ServiceIds: [...services.values()],
    Revision: trace.revision,
    MatchedEventTime: trace.startTime,
  };
  if (root?.endTime !== undefined) summary.ResponseTime = Math.round((root.endTime - root.startTime) * 1e6) / 1e6;
  if (root !== undefined) summary.EntryPoint = serviceId(serviceOf(root));
  return summary;
}
