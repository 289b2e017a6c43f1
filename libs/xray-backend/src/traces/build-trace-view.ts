import type { AnnotationValue, EdgeView, HttpView, OutcomeView, ServiceView, TraceView } from '../filter/trace-view';
import { inferredNodeOf, serviceOf } from '../graph/service-node';
import type { HttpData } from '../segments/segment-document';
import type { Outcome, SegmentRecord } from '../store/segment-record';
import type { StoredTrace } from '../store/stored-trace';
import { traceDuration } from './render-trace';
import { linkTraceCalls, type TraceCall } from './trace-calls';
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

// A literal, not a spread of outcomeView(): the spread version measured ~4 µs per call (it was 60%
// of a 100,000-trace filter scan); this one is a fixed-shape allocation.
function serviceView(r: SegmentRecord, root: boolean): ServiceView {
  return {
    ok: !r.error && !r.fault,
    error: r.error,
    throttle: r.throttle,
    fault: r.fault,
    name: r.name,
    type: r.origin,
    root,
    inferred: false,
    responseTime: responseTime(r.startTime, r.endTime),
    http: httpView(r.http),
    user: r.user,
  };
}

/**
 * The same view as {@link buildTraceView}, built on demand: each part (root service, services,
 * edges, annotations, partial, duration) is computed on first read and kept for the rest of
 * the evaluation. Most expressions read only the root segment (`responsetime`, `http.status`,
 * `fault`, ...), which costs one pass over the trace's few records instead of linking its calls
 * and building every service, edge and the annotation map (~100 µs per trace eagerly with
 * 1,000,000 segments held, dominated by the allocations and the GC they cause).
 */
export class LazyTraceView implements TraceView {
  private rootView: ServiceView | null | undefined;
  private callList: TraceCall[] | undefined;
  private serviceList: ServiceView[] | undefined;
  private edgeList: EdgeView[] | undefined;
  private annotationMap: Map<string, AnnotationValue[]> | undefined;

  constructor(
    private readonly trace: StoredTrace,
    private readonly options: TraceSummaryOptions,
  ) {}

  get root(): ServiceView | null {
    if (this.rootView === undefined) {
      const root = rootSegment(this.trace);
      this.rootView = root === undefined ? null : serviceView(root, true);
    }
    return this.rootView;
  }

  get duration(): number {
    return traceDuration(this.trace);
  }

  get partial(): boolean {
    return isPartial(this.trace, this.calls(), this.options);
  }

  get annotations(): ReadonlyMap<string, readonly AnnotationValue[]> {
    if (this.annotationMap === undefined) {
      const annotations = new Map<string, AnnotationValue[]>();
      for (const r of this.trace.segments) {
        for (const key in r.annotations) {
          const value = r.annotations[key];
          const values = annotations.get(key);
          if (values === undefined) annotations.set(key, [value]);
          else values.push(value);
        }
      }
      this.annotationMap = annotations;
    }
    return this.annotationMap;
  }

  /**
   * Annotation values under one key, read straight from the records: filters on one annotation
   * do not build the whole map (a full 100,000-trace scan with `annotation.X = ..` measured
   * 1,026 ms with the map, see docs/benchmarks.md for the figure with this path).
   */
  annotation(key: string): readonly AnnotationValue[] | undefined {
    if (this.annotationMap !== undefined) return this.annotationMap.get(key);
    let values: AnnotationValue[] | undefined;
    for (const r of this.trace.segments) {
      const annotations = r.annotations;
      if (annotations === undefined || !Object.prototype.hasOwnProperty.call(annotations, key)) continue;
      (values ??= []).push(annotations[key]);
    }
    return values;
  }

  /**
   * Services are named after segments, inferred nodes after call sites: a name found in neither
   * cannot match `service()`/`edge()`. A rare service name over 100,000 traces was ~3 µs per trace
   * with the calls linked; see docs/benchmarks.md for the figure with this check.
   */
  mayHaveNode(name: string): boolean {
    for (const r of this.trace.segments) {
      if (r.name === name) return true;
      for (const site of r.callSites) if (site.name === name) return true;
    }
    return false;
  }

  get services(): readonly ServiceView[] {
    if (this.serviceList === undefined) {
      const root = this.root;
      const services: ServiceView[] = [];
      const rootRecord = rootSegment(this.trace);
      for (const r of this.trace.segments) {
        if (r.kind !== 'segment') continue;
        services.push(r === rootRecord && root !== null ? root : serviceView(r, false));
      }
      for (const call of this.inferredCalls()) {
        services.push({
          ok: !call.error && !call.fault,
          error: call.error,
          throttle: call.throttle,
          fault: call.fault,
          responseTime: responseTime(call.startTime, call.endTime),
          http: httpView(call.http),
          name: call.callee.name,
          type: call.callee.type,
          root: false,
          inferred: true,
        });
      }
      this.serviceList = services;
    }
    return this.serviceList;
  }

  get edges(): readonly EdgeView[] {
    if (this.edgeList === undefined) {
      this.edgeList = this.calls().map((call) => ({
        ok: !call.error && !call.fault,
        error: call.error,
        throttle: call.throttle,
        fault: call.fault,
        responseTime: responseTime(call.startTime, call.endTime),
        http: httpView(call.http),
        source: { name: call.caller.name, type: call.caller.type },
        destination: { name: call.callee.name, type: call.callee.type },
        inferred: call.inferred,
      }));
    }
    return this.edgeList;
  }

  /**
   * The inferred calls of {@link calls} without linking callers when no streamed subsegment is
   * involved: a call site is inferred exactly when no segment names it as parent. Linking (owner
   * lookups, maps) was ~2 µs of a ~7 µs per-trace `service()` scan over 100,000 traces.
   */
  private inferredCalls(): readonly Pick<TraceCall, 'error' | 'throttle' | 'fault' | 'startTime' | 'endTime' | 'http' | 'callee'>[] {
    const records = this.trace.segments;
    if (this.callList !== undefined || records.some((r) => r.kind !== 'segment')) return this.calls().filter((c) => c.inferred);
    const out = [];
    for (const r of records) {
      for (const site of r.callSites) {
        if (records.some((child) => child.kind === 'segment' && child.parentId === site.id)) continue;
        out.push({ error: site.error, throttle: site.throttle, fault: site.fault, startTime: site.startTime, endTime: site.endTime, http: site.http, callee: inferredNodeOf(site) });
      }
    }
    return out;
  }

  private calls(): TraceCall[] {
    return (this.callList ??= linkTraceCalls(this.trace));
  }
}
