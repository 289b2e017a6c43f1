import type { AnnotationValue, EdgeView, HttpView, OutcomeView, ServiceView, TraceView } from '../filter/trace-view';
import { serviceOf } from '../graph/service-node';
import type { HttpData } from '../segments/segment-document';
import type { Outcome } from '../store/segment-record';
import type { StoredTrace } from '../store/stored-trace';
import { traceDuration } from './render-trace';
import { linkTraceCalls } from './trace-calls';
import { isPartial, rootSegment, type TraceSummaryOptions } from './trace-summary';

function httpView(http: HttpData | undefined): HttpView | undefined {
  if (http === undefined) return undefined;
  const { request, response } = http;
  return { url: request?.url, method: request?.method, userAgent: request?.user_agent, clientIp: request?.client_ip, status: response?.status };
}

function outcomeView(o: Outcome): OutcomeView {
  return { ok: !o.error && !o.fault, error: o.error, throttle: o.throttle, fault: o.fault };
}

function responseTime(startTime: number, endTime: number | undefined): number | undefined {
  return endTime === undefined ? undefined : Math.round((endTime - startTime) * 1e6) / 1e6;
}

/** The read-only view of a stored trace that compiled filter expressions (filter/) evaluate. */
export function buildTraceView(trace: StoredTrace, options: TraceSummaryOptions): TraceView {
  const root = rootSegment(trace);
  const calls = linkTraceCalls(trace);
  const annotations = new Map<string, AnnotationValue[]>();
  const services: ServiceView[] = [];
  for (const r of trace.segments) {
    for (const [key, value] of Object.entries(r.annotations ?? {})) {
      const values = annotations.get(key);
      if (values === undefined) annotations.set(key, [value]);
      else values.push(value);
    }
    if (r.kind !== 'segment') continue;
    const node = serviceOf(r);
    services.push({
      ...outcomeView(r),
      name: node.name,
      type: node.type,
      root: r === root,
      inferred: false,
      responseTime: responseTime(r.startTime, r.endTime),
      http: httpView(r.http),
      user: r.user,
    });
  }
  const edges: EdgeView[] = [];
  for (const call of calls) {
    const destination = { name: call.callee.name, type: call.callee.type };
    const timing = { responseTime: responseTime(call.startTime, call.endTime), http: httpView(call.http) };
    edges.push({ ...outcomeView(call), ...timing, source: { name: call.caller.name, type: call.caller.type }, destination, inferred: call.inferred });
    if (call.inferred) services.push({ ...outcomeView(call), ...timing, ...destination, root: false, inferred: true });
  }
  return { duration: traceDuration(trace), partial: isPartial(trace, calls, options), annotations, services, edges };
}
