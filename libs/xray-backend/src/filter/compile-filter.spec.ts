import { compileFilter } from './compile-filter';
import { ServiceView, TraceView } from './trace-view';

const ok = { ok: true, error: false, throttle: false, fault: false };
const fault = { ok: false, error: false, throttle: false, fault: true };
const throttled = { ok: false, error: true, throttle: true, fault: false };

function service(name: string, fields: Partial<ServiceView>): ServiceView {
  return { name, root: false, inferred: false, ...ok, ...fields };
}

/** A home-timeline request that went well. */
const home: TraceView = {
  duration: 0.25,
  partial: false,
  annotations: new Map([
    ['user_handle', ['andrew']],
    ['count', [3]],
    ['cached', [true]],
  ]),
  services: [
    service('gateway', {
      root: true,
      responseTime: 0.2,
      user: 'andrew',
      http: {
        url: 'http://localhost:4567/api/activities/home',
        method: 'GET',
        userAgent: 'curl/8.0',
        clientIp: '127.0.0.1',
        status: 200,
      },
    }),
    service('activities', { responseTime: 0.1 }),
  ],
  edges: [
    {
      source: { name: 'gateway' },
      destination: { name: 'activities' },
      inferred: false,
      responseTime: 0.12,
      http: { status: 200 },
      ...ok,
    },
  ],
};

/** A request that faulted downstream, with a throttled call to an uninstrumented database. */
const broken: TraceView = {
  duration: 7,
  partial: false,
  annotations: new Map([
    ['count', [7]],
    ['cached', [false]],
  ]),
  services: [
    service('gateway', {
      root: true,
      responseTime: 6,
      http: { url: 'http://localhost:4567/api/messages/1', method: 'GET', status: 500 },
      ...fault,
    }),
    service('activities', { responseTime: 5.5, http: { status: 500 }, ...fault }),
    service('db.local', { type: 'remote', inferred: true, ...throttled }),
  ],
  edges: [
    { source: { name: 'gateway' }, destination: { name: 'activities' }, inferred: false, responseTime: 5.6, ...fault },
    {
      source: { name: 'activities' },
      destination: { name: 'db.local', type: 'remote' },
      inferred: true,
      responseTime: 0.3,
      ...throttled,
    },
  ],
};

/** Only a downstream segment has arrived so far: no root. */
const orphan: TraceView = {
  duration: 1,
  partial: true,
  annotations: new Map(),
  services: [service('notifications', { user: 'carol', responseTime: 1 })],
  edges: [],
};

/** A throttled POST by bob. */
const limited: TraceView = {
  duration: 0.06,
  partial: false,
  annotations: new Map([['user_handle', ['bob', 'carol']]]),
  services: [
    service('gateway', {
      root: true,
      responseTime: 0.05,
      user: 'bob',
      http: { url: 'http://localhost:4567/api/activities', method: 'POST', status: 429 },
      ...throttled,
    }),
  ],
  edges: [],
};

const traces = { home, broken, orphan, limited };
type Name = keyof typeof traces;

const cases: ReadonlyArray<[string, Name[]]> = [
  // boolean keywords, operators and case
  ['ok', ['home']],
  ['OK', ['home']],
  ['fault', ['broken']],
  ['error', ['limited']],
  ['throttle', ['limited']],
  ['ERROR AND THROTTLE', ['limited']],
  ['!fault', ['home', 'orphan', 'limited']],
  ['fault = false', ['home', 'orphan', 'limited']],
  ['fault != true', ['home', 'orphan', 'limited']],
  ['fault = "true"', ['broken']],
  ['fault = TRUE', ['broken']],
  ['partial', ['orphan']],
  ['!partial', ['home', 'broken', 'limited']],
  ['root', ['home', 'broken', 'limited']],
  ['inferred', []],
  ['first OR last OR remote', []],
  ['!first', ['home', 'broken', 'orphan', 'limited']],
  // number keywords
  ['responsetime > 5', ['broken']],
  ['responsetime <= 0.2', ['home', 'limited']],
  ['responsetime = 0.2', ['home']],
  ['responsetime != 0.2', ['broken', 'limited']],
  ['duration >= 5 AND duration <= 8', ['broken']],
  ['duration < 1', ['home', 'limited']],
  ['duration > -1', ['home', 'broken', 'orphan', 'limited']],
  ['http.status = 500', ['broken']],
  ['http.status >= 400', ['broken', 'limited']],
  // string keywords
  ['http.url BEGINSWITH "http://localhost:4567/api/"', ['home', 'broken', 'limited']],
  ['http.url ENDSWITH "/home"', ['home']],
  ['http.url CONTAINS "activities"', ['home', 'limited']],
  ['http.url contains "activities"', ['home', 'limited']],
  ['http.url CONTAINS "ACTIVITIES"', []],
  ['http.method = "POST"', ['limited']],
  ['http.method != "POST"', ['home', 'broken']],
  ['http.useragent = "curl/8.0"', ['home']],
  ['http.clientip = "127.0.0.1"', ['home']],
  ['user = "andrew"', ['home']],
  ['user = "carol"', ['orphan']],
  ['name = "gateway"', ['home', 'broken', 'limited']],
  ['http.url = "a \\"quoted\\" \\\\ path"', []],
  // annotations
  ['annotation.user_handle = "bob"', ['limited']],
  ['annotation[user_handle] = "carol"', ['limited']],
  ['annotation.user_handle BEGINSWITH "an"', ['home']],
  ['annotation.count > 5', ['broken']],
  ['annotation.count = "3"', []],
  ['annotation.count != 3', ['broken']],
  ['annotation.cached', ['home']],
  ['annotation.cached = false', ['broken']],
  ['annotation.cached != true', ['broken']],
  ['!annotation.count', ['orphan', 'limited']],
  ['annotation.Count', []],
  // service(), edge(), id()
  ['service("activities")', ['home', 'broken']],
  ['service("activities") {fault}', ['broken']],
  ['service("activities") { fault = true OR responsetime > 2.5 } AND annotation.count = 7', ['broken']],
  ['service("notifications") {!root}', ['orphan']],
  ['service("gateway") {duration > 1}', ['broken']],
  ['service() {fault}', ['broken']],
  ['service() {inferred}', ['broken']],
  ['service() {user = "carol"}', ['orphan']],
  ['service(id(name: "db.local", type: "remote"))', ['broken']],
  ['service(id(type: "remote")) {throttle}', ['broken']],
  ['service(id(name: "db.local", type: "AWS::EC2::Instance"))', []],
  ['!service("activities")', ['orphan', 'limited']],
  ['Service("activities") { Fault }', ['broken']],
  ['edge("gateway", "activities")', ['home', 'broken']],
  ['edge("gateway", "activities") {fault}', ['broken']],
  ['edge("gateway", "activities") { responsetime < 1 }', ['home']],
  ['edge("gateway", "activities") { http.status = 200 }', ['home']],
  ['edge("activities", id(name: "db.local")) {throttle AND inferred}', ['broken']],
  ['edge("activities", "gateway")', []],
  // precedence and grouping
  ['ok OR fault AND partial', ['home']],
  ['(ok OR fault) AND !partial', ['home', 'broken']],
  ['!ok AND !partial', ['broken', 'limited']],
  ['!(ok AND !partial)', ['broken', 'orphan', 'limited']],
  ['!!ok', ['home']],
  ['ok !partial duration < 3', ['home']],
  ['error or fault', ['broken', 'limited']],
  ['fault OR error AND http.method = "GET"', ['broken']],
];

describe('compileFilter', () => {
  it.each(cases)('%s', (expression, expected) => {
    const filter = compileFilter(expression);
    const matched = (Object.keys(traces) as Name[]).filter((name) => filter(traces[name]));
    expect(matched).toEqual(expected);
  });

  it('decides response-time comparisons from a cheaper upper bound when it can, without reading the time', () => {
    /** A trace whose root and edge report the bound and count reads of their response time. */
    const bounded = (maxResponseTime: number, responseTime: number) => {
      const reads = { count: 0 };
      const timed = <T extends object>(subject: T): T =>
        Object.defineProperties(subject, {
          maxResponseTime: { value: maxResponseTime },
          responseTime: { get: () => (reads.count++, responseTime) },
        });
      const view: TraceView = {
        ...home,
        services: [timed(service('gateway', { root: true }))],
        edges: [timed({ ...home.edges[0] })],
      };
      return { view, reads };
    };
    const cases: [string, number, number, boolean, boolean][] = [
      // expression, bound, time, matches, time read
      ['responsetime > 2', 2, 1.5, false, false],
      ['responsetime > 2', 2.5, 2.5, true, true],
      ['responsetime >= 2', 1.9, 1.5, false, false],
      ['responsetime >= 2', 2, 2, true, true],
      ['responsetime = 2', 1.9, 1.5, false, false],
      ['responsetime < 2', 1, 1, true, true],
      ['responsetime != 2', 1, 1, true, true],
      ['!(responsetime > 2)', 2, 1.5, true, false],
      ['service("gateway") { duration > 2 }', 2, 1.5, false, false],
      ['edge("gateway", "activities") { responsetime > 2 }', 2, 1.5, false, false],
      ['edge("gateway", "activities") { responsetime > 2 }', 3, 2.5, true, true],
      ['duration > 0.2', 0.1, 0.1, true, false],
    ];
    for (const [expression, bound, time, matches, read] of cases) {
      const { view, reads } = bounded(bound, time);
      expect([expression, bound, compileFilter(expression)(view), reads.count > 0]).toEqual([
        expression,
        bound,
        matches,
        read,
      ]);
    }
  });

  it('filters 100,000 traces in under 100 ms', () => {
    const many: TraceView[] = [];
    for (let i = 0; i < 100_000; i++) many.push([home, broken, orphan, limited][i % 4]);
    const filter = compileFilter(
      'service("activities") { fault OR responsetime > 2.5 } AND annotation.count = 7 OR http.url CONTAINS "x" AND !partial',
    );
    let best = Infinity;
    let matches = 0;
    for (let run = 0; run < 3; run++) {
      const started = process.hrtime.bigint();
      matches = many.filter(filter).length;
      best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
    }
    expect(matches).toBe(25_000);
    expect(best).toBeLessThan(100);
  });
});
