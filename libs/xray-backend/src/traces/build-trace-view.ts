import type { NodeMatcher } from '../filter/filter-ast';
import { matchesNode } from '../filter/node-matcher';
import type { AnnotationValue } from '@cruddur/xray-contracts';
import type { EdgeView, OutcomeView, ServiceView, TraceView } from '../filter/trace-view';
import { serviceOf } from '../graph/service-node';
import { responseTime } from '../store/response-time';
import type { OutcomeFlags } from '@cruddur/xray-contracts';
import type { StoredTrace } from '../store/stored-trace';
import { httpView, InferredServiceView, SegmentServiceView } from './record-views';
import { traceDuration } from './render-trace';
import { type LinkedCall, linkTraceCalls, matchesInferred, someTraceCall, traceCalls } from './trace-calls';
import { TraceIndex } from './trace-index';
import { rootSegment } from './root-segment';
import { isPartial, type TraceSummaryOptions } from './trace-summary';

function outcomeView(o: OutcomeFlags): OutcomeView {
  return { ok: !o.error && !o.fault, error: o.error, throttle: o.throttle, fault: o.fault };
}

/** The read-only view of a stored trace that compiled filter expressions (filter/) evaluate. */
export function buildTraceView(trace: StoredTrace, options: TraceSummaryOptions): TraceView {
  const root = rootSegment(trace);
  const calls = linkTraceCalls(trace, options.senders);
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
    edges.push({
      ...outcomeView(call),
      ...timing,
      source: { name: call.caller.name, type: call.caller.type },
      destination,
      inferred: call.inferred,
    });
    if (call.inferred) services.push({ ...outcomeView(call), ...timing, ...destination, root: false, inferred: true });
  }
  const partial = isPartial(trace, options, () => calls.some((c) => c.missingDownstream));
  return { duration: traceDuration(trace), partial, annotations, services, edges };
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
  private traceIndex: TraceIndex | undefined;
  private callList: LinkedCall[] | undefined;
  private serviceList: ServiceView[] | undefined;
  private annotationMap: Map<string, AnnotationValue[]> | undefined;

  constructor(
    private readonly trace: StoredTrace,
    private readonly options: TraceSummaryOptions,
  ) {}

  get root(): ServiceView | null {
    if (this.rootView === undefined) {
      const root = rootSegment(this.trace);
      this.rootView = root === undefined ? null : new SegmentServiceView(root, this.trace);
    }
    return this.rootView;
  }

  get duration(): number {
    return traceDuration(this.trace);
  }

  get partial(): boolean {
    return isPartial(this.trace, this.options, () =>
      this.calls().some((call) => call.missingDownstream(this.options.senders)),
    );
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
   * 1,026 ms with the map, see docs/benchmarks-history.md for the figure with this path).
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
   * cannot be an edge's destination. Names only: cheaper than linking even one call.
   */
  private mayHaveNode(name: string): boolean {
    const records = this.trace.segments;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (r.name === name) return true;
      const sites = r.callSites;
      for (let j = 0; j < sites.length; j++) if (sites[j].name === name) return true;
    }
    return false;
  }

  /**
   * `services.some(..)` over the services `target` names, building a view only for those: a
   * scan for a name that most traces carry (`service("notifications") { responsetime > 10 }`)
   * built every service with its HTTP fields, ~2.3 µs per trace (docs/benchmarks-history.md, Round 3).
   */
  someService(target: NodeMatcher, test: (service: ServiceView) => boolean): boolean {
    const records = this.trace.segments;
    let namedBySegment = false;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (r.kind !== 'segment' || !matchesNode(target, r.name, r.origin)) continue;
      if (test(new SegmentServiceView(r, this.trace))) return true;
      namedBySegment = true;
    }
    // Inferred nodes. Whether a site has a downstream segment takes comparing ids (strings that
    // nothing else reads) and testing takes the site's fields; the first to fail saves the other.
    // When a segment carries the name, its sites usually call that segment: look up first.
    for (let i = 0; i < records.length; i++) {
      const sites = records[i].callSites;
      for (let j = 0; j < sites.length; j++) {
        const site = sites[j];
        if (!matchesInferred(target, site)) continue;
        if (namedBySegment) {
          if (this.index().isInferred(records[i], site) && test(new InferredServiceView(site))) return true;
        } else if (test(new InferredServiceView(site)) && this.index().isInferred(records[i], site)) return true;
      }
    }
    return false;
  }

  /**
   * `edges.some(..)` over the calls between the nodes named. A call is tested before its ids
   * are compared (see {@link someTraceCall}); before the first comparison, a destination name
   * that no segment or call site carries rejects the trace.
   */
  someEdge(source: NodeMatcher, destination: NodeMatcher, test: (edge: EdgeView) => boolean): boolean {
    let named: boolean | undefined;
    return someTraceCall(
      this.index(),
      source,
      destination,
      (call) =>
        test(call) &&
        (named ??= destination.name === undefined || this.mayHaveNode(destination.name)) &&
        call.connects(source, destination),
    );
  }

  get services(): readonly ServiceView[] {
    if (this.serviceList === undefined) {
      const services: ServiceView[] = [];
      for (const r of this.trace.segments)
        if (r.kind === 'segment') services.push(new SegmentServiceView(r, this.trace));
      for (const call of this.calls())
        if (call.inferred && call.site !== undefined) services.push(new InferredServiceView(call.site));
      this.serviceList = services;
    }
    return this.serviceList;
  }

  get edges(): readonly EdgeView[] {
    return this.calls();
  }

  private index(): TraceIndex {
    return (this.traceIndex ??= new TraceIndex(this.trace));
  }

  private calls(): readonly LinkedCall[] {
    return (this.callList ??= traceCalls(this.index()));
  }
}
