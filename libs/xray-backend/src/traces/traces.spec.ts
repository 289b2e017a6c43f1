import { compileFilter, type EdgeView, type ServiceView } from '../filter';
import { BOOLEAN_KEYWORDS, NUMBER_KEYWORDS, STRING_KEYWORDS } from '../filter/keywords';
import type { TraceDocument } from '@cruddur/xray-contracts';
import { defined } from '@cruddur/test-kit';
import { toSegmentRecord } from '../store/segment-record';
import { TraceStore } from '../store/trace-store';
import type { StoredTrace } from '../store/stored-trace';
import { buildTraceView, LazyTraceView } from './build-trace-view';
import { RANDOM_TRACE_NAMES, randomTrace } from './random-trace.fixture';
import { renderTrace } from './render-trace';
import { buildTraceSummary } from './trace-summary';

const TRACE = '1-5f84c7a5-000000000000000000000001';
/** The instrumented services among the names these traces use; `db` and `DynamoDB` send no segments. */
const SENDERS: ReadonlySet<string> = new Set(['gateway', 'activities', 'notifications']);
type Doc = Partial<TraceDocument> & { id: string; name: string };

/** What filters read of a service or an edge, as a plain object (the lazy view's are computed on read). */
function serviceFields(s: ServiceView) {
  return {
    name: s.name,
    type: s.type,
    root: s.root,
    inferred: s.inferred,
    ok: s.ok,
    error: s.error,
    throttle: s.throttle,
    fault: s.fault,
    responseTime: s.responseTime,
    http: s.http,
    user: s.user,
  };
}

function edgeFields(e: EdgeView) {
  return {
    source: e.source,
    destination: e.destination,
    inferred: e.inferred,
    ok: e.ok,
    error: e.error,
    throttle: e.throttle,
    fault: e.fault,
    responseTime: e.responseTime,
    http: e.http,
  };
}

function traceOf(docs: Doc[], now = 2000): StoredTrace {
  const store = new TraceStore({ maxTraces: 10, maxAgeSeconds: 1e9, clock: () => now });
  for (const doc of docs) {
    const full = { trace_id: TRACE, start_time: 1000, end_time: 1001, ...doc } as TraceDocument;
    store.add(toSegmentRecord(full, JSON.stringify(full)));
  }
  return defined(store.get(TRACE), `trace ${TRACE}`);
}

const gateway: Doc = {
  name: 'gateway',
  id: 'a000000000000001',
  origin: 'AWS::EC2::Instance',
  start_time: 1000,
  end_time: 1000.5,
  user: 'alice',
  http: {
    request: {
      method: 'POST',
      url: 'http://localhost:4567/api/activities',
      user_agent: 'curl',
      client_ip: '127.0.0.1',
    },
    response: { status: 502 },
  },
  fault: true,
  annotations: { route: '/api/activities', attempt: 1 },
  subsegments: [
    {
      name: 'activities',
      id: 'b000000000000001',
      namespace: 'remote',
      start_time: 1000.1,
      end_time: 1000.4,
      fault: true,
      http: { request: { url: 'tcp://activities', traced: true } },
    },
  ],
};
const activities: Doc = {
  name: 'activities',
  id: 'a000000000000002',
  parent_id: 'b000000000000001',
  start_time: 1000.12,
  end_time: 1000.9,
  fault: true,
  annotations: { attempt: 1, cached: false },
  subsegments: [
    {
      name: 'DynamoDB',
      id: 'b000000000000002',
      namespace: 'aws',
      start_time: 1000.2,
      end_time: 1000.3,
      throttle: true,
      error: true,
    },
  ],
};

describe('buildTraceSummary', () => {
  it('summarises a complete trace in the TraceSummary shape', () => {
    const summary = buildTraceSummary(traceOf([activities, gateway]), { now: 2000, senders: SENDERS });
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
      Http: {
        HttpURL: 'http://localhost:4567/api/activities',
        HttpStatus: 502,
        HttpMethod: 'POST',
        UserAgent: 'curl',
        ClientIp: '127.0.0.1',
      },
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
    const summary = buildTraceSummary(traceOf([open, activities]), { now: 2000, senders: SENDERS });
    expect(summary.IsPartial).toBe(true);
    expect(summary.ResponseTime).toBeUndefined();
  });

  it('is partial once a traced downstream is overdue, not before', () => {
    const trace = traceOf([gateway], 2000);
    expect(buildTraceSummary(trace, { now: 2005, senders: SENDERS, partialGraceSeconds: 10 }).IsPartial).toBe(false);
    expect(buildTraceSummary(trace, { now: 2010, senders: SENDERS, partialGraceSeconds: 10 }).IsPartial).toBe(true);
  });

  /** The gateway segment with one call, its downstream segment absent. */
  const calling = (call: { name: string; traced?: boolean }) =>
    traceOf([
      {
        ...gateway,
        subsegments: [
          {
            name: call.name,
            id: 'b000000000000009',
            namespace: 'remote',
            start_time: 1000.1,
            end_time: 1000.2,
            ...(call.traced === undefined
              ? {}
              : { http: { request: { url: `http://${call.name}/`, traced: call.traced } } }),
          },
        ],
      },
    ]);
  const partialAt = (trace: StoredTrace, now: number) =>
    buildTraceSummary(trace, { now, senders: SENDERS, partialGraceSeconds: 10 }).IsPartial;

  it('is not partial for inferred calls: a database, a third-party API, an uninstrumented service', () => {
    for (const name of ['postgres@db', 'api.stripe.com', 'legacy-billing'])
      expect([name, partialAt(calling({ name }), 3000)]).toEqual([name, false]);
    expect(partialAt(calling({ name: 'api.stripe.com', traced: false }), 3000)).toBe(false);
  });

  it('is partial once a call to a service that sends segments is overdue, traced or not', () => {
    const untraced = calling({ name: 'notifications' });
    expect([partialAt(untraced, 2005), partialAt(untraced, 2010)]).toEqual([false, true]);
    expect(partialAt(calling({ name: 'legacy-billing', traced: true }), 2010)).toBe(true);
  });

  it('asks about senders in filter scans only once the grace is over and nothing is in progress', () => {
    const asked: string[] = [];
    const senders = { has: (name: string) => (asked.push(name), false) };
    const trace = calling({ name: 'postgres@db' });
    const open = { ...gateway, end_time: undefined, in_progress: true };
    expect(new LazyTraceView(traceOf([open]), { now: 3000, senders, partialGraceSeconds: 10 }).partial).toBe(true);
    expect(new LazyTraceView(trace, { now: 2005, senders, partialGraceSeconds: 10 }).partial).toBe(false);
    expect(asked).toEqual([]);
    expect(new LazyTraceView(trace, { now: 2010, senders, partialGraceSeconds: 10 }).partial).toBe(false);
    expect(asked).toEqual(['postgres@db']);
  });
});

describe('renderTrace', () => {
  it('serves stored documents verbatim', () => {
    const trace = renderTrace(traceOf([gateway, activities]));
    expect(trace).toMatchObject({ Id: TRACE, Duration: 0.9, LimitExceeded: false });
    expect(trace.Segments.map((s) => JSON.parse(s.Document).name)).toEqual(['gateway', 'activities']);
    expect(trace.Segments[0].Document).toBe(
      JSON.stringify({ trace_id: TRACE, start_time: 1000, end_time: 1001, ...gateway }),
    );
  });

  it('merges streamed subsegments into their parent, in any arrival order, chains included', () => {
    const first = {
      name: 'fanout',
      id: 'c000000000000001',
      type: 'subsegment',
      parent_id: 'b000000000000002',
      start_time: 1000.2,
      end_time: 1000.25,
    } as Doc;
    const second = {
      name: 'inner',
      id: 'c000000000000002',
      type: 'subsegment',
      parent_id: 'c000000000000001',
      start_time: 1000.21,
      end_time: 1000.22,
    } as Doc;
    const orphan = {
      name: 'lost',
      id: 'c000000000000003',
      type: 'subsegment',
      parent_id: 'ffffffffffffffff',
      start_time: 1000.2,
      end_time: 1000.3,
    } as Doc;
    for (const docs of [
      [second, first, activities, orphan],
      [activities, first, second, orphan],
    ]) {
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
    const view = buildTraceView(traceOf([gateway, activities]), { now: 2000, senders: SENDERS });
    expect(view.services.map((s) => [s.name, s.root, s.inferred])).toEqual([
      ['gateway', true, false],
      ['activities', false, false],
      ['DynamoDB', false, true],
    ]);
    expect(view.edges.map((e) => `${e.source.name}->${e.destination.name}`)).toEqual([
      'gateway->activities',
      'activities->DynamoDB',
    ]);
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
  const streamed = {
    name: 'fanout',
    id: 'c000000000000001',
    type: 'subsegment',
    parent_id: 'b000000000000002',
    start_time: 1000.2,
    end_time: 1000.25,
    annotations: { streamed: true },
  } as Doc;
  const open = { ...gateway, end_time: undefined, in_progress: true };
  const traces: [string, StoredTrace][] = [
    ['complete', traceOf([gateway, activities])],
    ['downstream missing', traceOf([gateway])],
    ['no root yet', traceOf([activities, streamed])],
    ['in progress', traceOf([open, activities])],
    ['streamed subsegment', traceOf([activities, streamed, gateway])],
  ];
  const expressions = [
    ...BOOLEAN_KEYWORDS.flatMap((k) => [
      k,
      `!${k}`,
      `service("gateway") { ${k} }`,
      `edge("gateway", "activities") { ${k} }`,
    ]),
    ...NUMBER_KEYWORDS.flatMap((k) => [
      `${k} > 0.3`,
      `${k} <= 502`,
      `service("activities") { ${k} >= 0.5 }`,
      `edge("activities", "DynamoDB") { ${k} < 1 }`,
    ]),
    ...STRING_KEYWORDS.flatMap((k) => [
      `${k} CONTAINS "a"`,
      `${k} != "x"`,
      `service() { ${k} BEGINSWITH "a" }`,
      `edge("gateway", "activities") { ${k} ENDSWITH "s" }`,
    ]),
    'annotation.attempt = 1',
    'annotation.cached',
    'annotation.streamed = true',
    'annotation.route BEGINSWITH "/api"',
    'annotation.none',
    'service(id(name: "DynamoDB", type: "AWS::DynamoDB"))',
    'edge("gateway", "activities")',
    'service("nosuch")',
    'service("fanout")',
    'edge("nosuch", "activities")',
    'edge("activities", "DynamoDB")',
    'edge("gateway", "DynamoDB")',
    'service(id(type: "AWS::DynamoDB")) { throttle }',
    'fault AND service("activities") { !ok }',
  ];

  it.each(traces)('matches exactly what the eager view matches, for every keyword (%s)', (_name, trace) => {
    for (const now of [2000, 2005, 3000]) {
      for (const expression of expressions) {
        const filter = compileFilter(expression);
        expect([expression, now, filter(new LazyTraceView(trace, { now, senders: SENDERS }))]).toEqual([
          expression,
          now,
          filter(buildTraceView(trace, { now, senders: SENDERS })),
        ]);
      }
    }
  });

  it.each(traces)('materialises the same parts as the eager view, read in any order (%s)', (_name, trace) => {
    const eager = buildTraceView(trace, { now: 3000, senders: SENDERS });
    const lazy = new LazyTraceView(trace, { now: 3000, senders: SENDERS });
    for (const key of ['attempt', 'cached', 'route', 'streamed', 'none', 'constructor'])
      expect(lazy.annotation(key)).toEqual(eager.annotations.get(key));
    expect(lazy.edges.map(edgeFields)).toEqual(eager.edges.map(edgeFields));
    expect(lazy.root && serviceFields(lazy.root)).toEqual(eager.services.find((s) => s.root) ?? null);
    expect(lazy.services.map(serviceFields)).toEqual(eager.services.map(serviceFields));
    expect(lazy.annotations).toEqual(eager.annotations);
    expect([lazy.duration, lazy.partial]).toEqual([eager.duration, eager.partial]);
    const rootFirst = new LazyTraceView(trace, { now: 3000, senders: SENDERS });
    void rootFirst.root;
    expect(rootFirst.services.map(serviceFields)).toEqual(eager.services.map(serviceFields));
  });

  it('finds services and edges (faults, errors, inferred nodes, missing callees) without linking the rest', () => {
    const retry = {
      ...activities,
      id: 'a000000000000003',
      fault: false,
      annotations: undefined,
      subsegments: undefined,
    };
    const cases: [string, StoredTrace, string, boolean][] = [
      ['callee missing', traceOf([gateway]), 'service("activities") { inferred AND fault }', true],
      [
        'callee missing',
        traceOf([gateway]),
        'edge("gateway", id(name: "activities", type: "remote")) { inferred AND responsetime > 0.29 }',
        true,
      ],
      ['callee arrived', traceOf([gateway, activities]), 'service("activities") { inferred }', false],
      [
        'callee arrived',
        traceOf([gateway, activities]),
        'edge("gateway", "activities") { !inferred AND fault AND http.url = "tcp://activities" }',
        true,
      ],
      ['callee arrived', traceOf([gateway, activities]), 'edge("gateway", "activities") { error }', false],
      [
        'AWS call',
        traceOf([activities]),
        'service(id(name: "DynamoDB", type: "AWS::DynamoDB")) { throttle AND error }',
        true,
      ],
      ['AWS call', traceOf([activities]), 'edge(id(type: "AWS::DynamoDB"), "activities")', false],
      [
        'second downstream for one call',
        traceOf([gateway, activities, retry]),
        'edge("gateway", "activities") { !fault }',
        false,
      ],
      [
        'second downstream for one call',
        traceOf([gateway, activities, retry]),
        'service("activities") { !fault }',
        true,
      ],
      ['name in no trace document', traceOf([gateway, activities]), 'edge("gateway", "billing")', false],
    ];
    for (const [name, trace, expression, expected] of cases) {
      const filter = compileFilter(expression);
      expect([name, expression, filter(new LazyTraceView(trace, { now: 2000, senders: SENDERS }))]).toEqual([
        name,
        expression,
        expected,
      ]);
      expect([name, expression, filter(buildTraceView(trace, { now: 2000, senders: SENDERS }))]).toEqual([
        name,
        expression,
        expected,
      ]);
    }
  });

  describe('on random traces', () => {
    const random = Array.from({ length: 120 }, (_, n) => randomTrace(n + 1, n % 10 === 0));
    const names = [...RANDOM_TRACE_NAMES, 'nosuch'];
    // Response times are 0-1 s and traces span up to ~2 s: thresholds near both exercise the span bound.
    const bodies = [
      '',
      ' { fault }',
      ' { error OR throttle }',
      ' { !ok }',
      ' { inferred }',
      ' { root }',
      ' { responsetime > 0.5 }',
      ' { responsetime > 0.9 }',
      ' { duration >= 0.95 }',
      ' { !(responsetime > 0.8) }',
      ' { http.status = 500 }',
      ' { user = "u1" }',
      ' { name = "db" }',
      ' { partial }',
    ];
    const expressions = [
      ...names.flatMap((n) => bodies.map((b) => `service("${n}")${b}`)),
      ...names.flatMap((from) =>
        names.flatMap((to) =>
          ['', ' { fault }', ' { inferred }', ' { responsetime < 0.3 }', ' { responsetime > 0.9 }'].map(
            (b) => `edge("${from}", "${to}")${b}`,
          ),
        ),
      ),
      'responsetime > 0.9',
      'responsetime >= 1.5',
      'responsetime = 0.5',
      '!(responsetime > 0.95)',
      'service() { inferred }',
      'service(id(type: "remote")) { fault }',
      'service(id(name: "DynamoDB", type: "AWS::DynamoDB"))',
      'service(id(type: "AWS::ECS::Container")) { root }',
      'edge(id(type: "remote"), "db")',
      'edge("gateway", id(type: "remote")) { !ok }',
      'edge(id(name: "db", type: "AWS::db"), id(type: "AWS::DynamoDB"))',
      'service("gateway") { fault } OR edge("gateway", "db") { inferred }',
      'edge("gateway", "db") AND !service("notifications") { fault }',
    ];

    it('service()/edge() filters match exactly what the eager view matches', () => {
      for (const [seed, trace] of random.entries()) {
        const eager = buildTraceView(trace, { now: 2000, senders: SENDERS });
        for (const expression of expressions) {
          const filter = compileFilter(expression);
          expect([seed, expression, filter(new LazyTraceView(trace, { now: 2000, senders: SENDERS }))]).toEqual([
            seed,
            expression,
            filter(eager),
          ]);
        }
      }
    });

    it('materialises the same services and edges as the eager view', () => {
      for (const [seed, trace] of random.entries()) {
        const eager = buildTraceView(trace, { now: 2000, senders: SENDERS });
        const lazy = new LazyTraceView(trace, { now: 2000, senders: SENDERS });
        expect([seed, lazy.services.map(serviceFields), lazy.edges.map(edgeFields)]).toEqual([
          seed,
          eager.services.map(serviceFields),
          eager.edges.map(edgeFields),
        ]);
      }
    });
  });
});
