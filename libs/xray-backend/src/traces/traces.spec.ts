import { compileFilter } from '../filter';
import { BOOLEAN_KEYWORDS, NUMBER_KEYWORDS, STRING_KEYWORDS } from '../filter/keywords';
import type { TraceDocument } from '../segments/segment-document';
import { toSegmentRecord } from '../store/segment-record';
import { TraceStore } from '../store/trace-store';
import type { StoredTrace } from '../store/stored-trace';
import { buildTraceView, LazyTraceView } from './build-trace-view';
import { renderTrace } from './render-trace';
import { buildTraceSummary } from './trace-summary';

const TRACE = '1-5f84c7a5-000000000000000000000001';
type Doc = Partial<TraceDocument> & { id: string; name: string };

function traceOf(docs: Doc[], now = 2000): StoredTrace {
  const store = new TraceStore({ maxTraces: 10, maxAgeSeconds: 1e9, clock: () => now });
  for (const doc of docs) {
    const full = { trace_id: TRACE, start_time: 1000, end_time: 1001, ...doc } as TraceDocument;
    store.add(toSegmentRecord(full, JSON.stringify(full)));
  }
  return store.get(TRACE)!;
}

const gateway: Doc = {
  name: 'gateway', id: 'a000000000000001', origin: 'AWS::EC2::Instance', start_time: 1000, end_time: 1000.5, user: 'alice',
  http: { request: { method: 'POST', url: 'http://localhost:4567/api/activities', user_agent: 'curl', client_ip: '127.0.0.1' }, response: { status: 502 } },
  fault: true, annotations: { route: '/api/activities', attempt: 1 },
  subsegments: [{ name: 'activities', id: 'b000000000000001', namespace: 'remote', start_time: 1000.1, end_time: 1000.4, fault: true, http: { request: { url: 'tcp://activities', traced: true } } }],
};
const activities: Doc = {
  name: 'activities', id: 'a000000000000002', parent_id: 'b000000000000001', start_time: 1000.12, end_time: 1000.9,
  fault: true, annotations: { attempt: 1, cached: false },
  subsegments: [{ name: 'DynamoDB', id: 'b000000000000002', namespace: 'aws', start_time: 1000.2, end_time: 1000.3, throttle: true, error: true }],
};

describe('buildTraceSummary', () => {
  it('summarises a complete trace in the TraceSummary shape', () => {
    const summary = buildTraceSummary(traceOf([activities, gateway]), { now: 2000 });
    const ec2 = { Name: 'gateway', Names: ['gateway'], Type: 'AWS::EC2::Instance' };
    const act = { Name: 'activities', Names: ['activities'] };
    expect(summary).toEqual({
      Id: TRACE,
      StartTime: 1000,
      Duration: 0.9,
      ResponseTime: 0.5,
      HasFault: true,
      HasError: false,
      HasThrottle: true,
      IsPartial: false,
      Http: { HttpURL: 'http://localhost:4567/api/activities', HttpStatus: 502, HttpMethod: 'POST', UserAgent: 'curl', ClientIp: '127.0.0.1' },
      Annotations: {
        attempt: [{ AnnotationValue: { NumberValue: 1 }, ServiceIds: [act, ec2] }],
        cached: [{ AnnotationValue: { BooleanValue: false }, ServiceIds: [act] }],
        route: [{ AnnotationValue: { StringValue: '/api/activities' }, ServiceIds: [ec2] }],
      },
      Users: [{ UserName: 'alice', ServiceIds: [ec2] }],
      ServiceIds: [act, ec2, { Name: 'DynamoDB', Names: ['DynamoDB'], Type: 'AWS::DynamoDB' }],
      EntryPoint: ec2,
      Revision: 2,
      MatchedEventTime: 1000,
    });
  });

  it('is partial while a segment is in progress', () => {
    const open = { ...gateway, end_time: undefined, in_progress: true };
    const summary = buildTraceSummary(traceOf([open, activities]), { now: 2000 });
    expect(summary.IsPartial).toBe(true);
    expect(summary.ResponseTime).toBeUndefined();
  });

  it('is partial once a traced downstream is overdue, not before', () => {
    const trace = traceOf([gateway], 2000);
    expect(buildTraceSummary(trace, { now: 2005, partialGraceSeconds: 10 }).IsPartial).toBe(false);
    expect(buildTraceSummary(trace, { now: 2010, partialGraceSeconds: 10 }).IsPartial).toBe(true);
  });
});

describe('renderTrace', () => {
  it('serves stored documents verbatim', () => {
    const trace = renderTrace(traceOf([gateway, activities]));
    expect(trace).toMatchObject({ Id: TRACE, Duration: 0.9, LimitExceeded: false });
    expect(trace.Segments.map((s) => JSON.parse(s.Document).name)).toEqual(['gateway', 'activities']);
    expect(trace.Segments[0].Document).toBe(JSON.stringify({ trace_id: TRACE, start_time: 1000, end_time: 1001, ...gateway }));
  });

  it('merges streamed subsegments into their parent, in any arrival order, chains included', () => {
    const first = { name: 'fanout', id: 'c000000000000001', type: 'subsegment', parent_id: 'b000000000000002', start_time: 1000.2, end_time: 1000.25 } as Doc;
    const second = { name: 'inner', id: 'c000000000000002', type: 'subsegment', parent_id: 'c000000000000001', start_time: 1000.21, end_time: 1000.22 } as Doc;
    const orphan = { name: 'lost', id: 'c000000000000003', type: 'subsegment', parent_id: 'ffffffffffffffff', start_time: 1000.2, end_time: 1000.3 } as Doc;
    for (const docs of [[second, first, activities, orphan], [activities, first, second, orphan]]) {
      const trace = renderTrace(traceOf(docs));
      expect(trace.Segments.map((s) => s.Id)).toEqual(['a000000000000002', 'c000000000000003']);
      const doc = JSON.parse(trace.Segments[0].Document);
      const fanout = doc.subsegments[0].subsegments[0];
      expect(fanout).toMatchObject({ name: 'fanout', subsegments: [{ name: 'inner' }] });
      expect(fanout.type).toBeUndefined();
      expect(fanout.parent_id).toBeUndefined();
    }
  });
});

describe('buildTraceView', () => {
  it('gives filter expressions services, edges, annotations and the root', () => {
    const view = buildTraceView(traceOf([gateway, activities]), { now: 2000 });
    expect(view.services.map((s) => [s.name, s.root, s.inferred])).toEqual([
      ['gateway', true, false],
      ['activities', false, false],
      ['DynamoDB', false, true],
    ]);
    expect(view.edges.map((e) => `${e.source.name}->${e.destination.name}`)).toEqual(['gateway->activities', 'activities->DynamoDB']);
    expect(view.annotations.get('attempt')).toEqual([1, 1]);
    expect(view.duration).toBe(0.9);

    const matches = (expression: string) => compileFilter(expression)(view);
    expect(matches('fault AND http.status = 502')).toBe(true);
    expect(matches('service("activities") { fault }')).toBe(true);
    expect(matches('edge("activities", "DynamoDB") { throttle }')).toBe(true);
    expect(matches('annotation.cached = false')).toBe(true);
    expect(matches('user = "bob"')).toBe(false);
  });
});

describe('LazyTraceView', () => {
  const streamed = { name: 'fanout', id: 'c000000000000001', type: 'subsegment', parent_id: 'b000000000000002', start_time: 1000.2, end_time: 1000.25, annotations: { streamed: true } } as Doc;
  const open = { ...gateway, end_time: undefined, in_progress: true };
  const traces: [string, StoredTrace][] = [
    ['complete', traceOf([gateway, activities])],
    ['downstream missing', traceOf([gateway])],
    ['no root yet', traceOf([activities, streamed])],
    ['in progress', traceOf([open, activities])],
    ['streamed subsegment', traceOf([activities, streamed, gateway])],
  ];
  const expressions = [
    ...BOOLEAN_KEYWORDS.flatMap((k) => [k, `!${k}`, `service("gateway") { ${k} }`, `edge("gateway", "activities") { ${k} }`]),
    ...NUMBER_KEYWORDS.flatMap((k) => [`${k} > 0.3`, `${k} <= 502`, `service("activities") { ${k} >= 0.5 }`, `edge("activities", "DynamoDB") { ${k} < 1 }`]),
    ...STRING_KEYWORDS.flatMap((k) => [`${k} CONTAINS "a"`, `${k} != "x"`, `service() { ${k} BEGINSWITH "a" }`, `edge("gateway", "activities") { ${k} ENDSWITH "s" }`]),
    'annotation.attempt = 1', 'annotation.cached', 'annotation.streamed = true', 'annotation.route BEGINSWITH "/api"', 'annotation.none',
    'service(id(name: "DynamoDB", type: "AWS::DynamoDB"))', 'edge("gateway", "activities")', 'service("nosuch")', 'service("fanout")',
    'edge("nosuch", "activities")', 'edge("activities", "DynamoDB")', 'edge("gateway", "DynamoDB")', 'service(id(type: "AWS::DynamoDB")) { throttle }', 'fault AND service("activities") { !ok }',
  ];

  it.each(traces)('matches exactly what the eager view matches, for every keyword (%s)', (_name, trace) => {
    for (const now of [2000, 2005, 3000]) {
      for (const expression of expressions) {
        const filter = compileFilter(expression);
        expect([expression, now, filter(new LazyTraceView(trace, { now }))]).toEqual([expression, now, filter(buildTraceView(trace, { now }))]);
      }
    }
  });

  it.each(traces)('materialises the same parts as the eager view, read in any order (%s)', (_name, trace) => {
    const eager = buildTraceView(trace, { now: 3000 });
    const lazy = new LazyTraceView(trace, { now: 3000 });
    for (const key of ['attempt', 'cached', 'route', 'streamed', 'none', 'constructor']) expect(lazy.annotation(key)).toEqual(eager.annotations.get(key));
    expect(lazy.edges).toEqual(eager.edges);
    expect(lazy.root).toEqual(eager.services.find((s) => s.root) ?? null);
    expect(lazy.services).toEqual(eager.services);
    expect(lazy.annotations).toEqual(eager.annotations);
    expect([lazy.duration, lazy.partial]).toEqual([eager.duration, eager.partial]);
    const rootFirst = new LazyTraceView(trace, { now: 3000 });
    void rootFirst.root;
    expect(rootFirst.services).toEqual(eager.services);
  });
});
