import type { TraceDocument } from '@cruddur/xray-contracts';
import type { NodeTest, SummarizedFlag } from '../filter/bucket-view';
import { BucketSummary, type SubjectFacts } from './bucket-summary';
import { toSegmentRecord } from './segment-record';
import { TraceStore } from './trace-store';

const TRACE = '1-5f84c7a5-000000000000000000000001';

function doc(fields: Partial<TraceDocument> & { id: string; name: string }): TraceDocument {
  return { trace_id: TRACE, start_time: 1000, end_time: 1000.5, ...fields } as TraceDocument;
}

function summaryOf(...docs: TraceDocument[]): BucketSummary {
  const summary = new BucketSummary();
  for (const d of docs) summary.add(toSegmentRecord(d, JSON.stringify(d)));
  return summary;
}

const named =
  (name?: string, type?: string): NodeTest =>
  (n, t) =>
    (name === undefined || n === name) && (type === undefined || t === type);
const any = () => true;

/** What a test is shown of some services or calls, copied (the facts handed to tests are a reused cursor). */
interface Seen {
  had(flag: SummarizedFlag, value: boolean): boolean;
  readonly minResponseTime: number;
  readonly maxResponseTime: number;
  readonly minStatus: number;
  readonly maxStatus: number;
}

function copy(facts: SubjectFacts): Seen {
  const values = new Set<string>();
  for (const flag of ['ok', 'error', 'throttle', 'fault', 'root', 'inferred'] as const)
    for (const value of [true, false]) if (facts.had(flag, value)) values.add(`${flag}=${value}`);
  const { minResponseTime, maxResponseTime, minStatus, maxStatus } = facts;
  return {
    had: (flag, value) => values.has(`${flag}=${value}`),
    minResponseTime,
    maxResponseTime,
    minStatus,
    maxStatus,
  };
}

/** The facts of the services a test visits. */
function serviceFacts(summary: BucketSummary, matches: NodeTest): Seen[] {
  const out: Seen[] = [];
  summary.someService(matches, (facts) => (out.push(copy(facts)), false));
  return out;
}

// gateway (root, 429) calls activities over HTTP (a downstream segment answers, 0.2 s) and DynamoDB
// (aws, fault, no downstream: an inferred node); a streamed subsegment of activities calls "cache".
const gateway = doc({
  name: 'gateway',
  id: 'a000000000000001',
  origin: 'AWS::ECS::Container',
  http: { response: { status: 429 } },
  subsegments: [
    {
      name: 'activities',
      id: 'a000000000000002',
      start_time: 1000.1,
      end_time: 1000.4,
      namespace: 'remote',
      http: { request: { url: 'http://activities/' }, response: { status: 200 } },
    },
    { name: 'DynamoDB', id: 'a000000000000003', start_time: 1000.1, end_time: 1000.15, namespace: 'aws', fault: true },
  ],
});
const activities = doc({
  name: 'activities',
  id: 'a000000000000004',
  parent_id: 'a000000000000002',
  start_time: 1000.1,
  end_time: 1000.3,
  http: { response: { status: 201 } },
});
const streamed = doc({
  name: 'cache',
  id: 'a000000000000005',
  type: 'subsegment',
  parent_id: 'a000000000000004',
  namespace: 'remote',
  start_time: 1000.2,
  end_time: 1001.2,
} as Partial<TraceDocument> & { id: string; name: string });

describe('BucketSummary', () => {
  const summary = summaryOf(gateway, activities, streamed);

  it('keeps segments by name and origin with the values of their flags, response times and statuses', () => {
    const [facts, ...others] = serviceFacts(summary, named('gateway', 'AWS::ECS::Container'));
    expect(others).toEqual([]);
    expect([
      facts.had('ok', false),
      facts.had('ok', true),
      facts.had('error', true),
      facts.had('throttle', true),
      facts.had('fault', true),
      facts.had('fault', false),
    ]).toEqual([true, false, true, true, false, true]);
    // Parentless: it may be the root, or not (another parentless segment may start earlier).
    expect([
      facts.had('root', true),
      facts.had('root', false),
      facts.had('inferred', true),
      facts.had('inferred', false),
    ]).toEqual([true, true, false, true]);
    expect([facts.minResponseTime, facts.maxResponseTime, facts.minStatus, facts.maxStatus]).toEqual([
      0.5, 0.5, 429, 429,
    ]);
    expect(serviceFacts(summary, named('gateway', 'AWS::EC2::Instance'))).toEqual([]);
    expect(serviceFacts(summary, named('billing'))).toEqual([]);
  });

  it('keeps call sites as the nodes they may infer, typed "remote" or AWS::<name>', () => {
    const [dynamo] = serviceFacts(summary, named('DynamoDB', 'AWS::DynamoDB'));
    expect([
      dynamo.had('inferred', true),
      dynamo.had('inferred', false),
      dynamo.had('root', true),
      dynamo.had('fault', true),
      dynamo.minStatus > dynamo.maxStatus,
    ]).toEqual([true, false, false, true, true]);
    expect(dynamo.maxResponseTime).toBeCloseTo(0.05, 9);
    // "activities": the call site (type "remote") and the segment (no origin; a child: never the root), apart.
    const both = serviceFacts(summary, named('activities'));
    expect(both.map((f) => [f.had('inferred', true), f.had('root', true), f.maxStatus])).toEqual([
      [true, false, 200],
      [false, false, 201],
    ]);
    expect(serviceFacts(summary, named('activities', 'remote')).map((f) => f.maxStatus)).toEqual([200]);
    expect(serviceFacts(summary, named('cache', 'remote'))).toHaveLength(1);
  });

  it('rules out edges by caller, callee and the facts of the calls', () => {
    const edge = (source: NodeTest, destination: NodeTest, test: (facts: SubjectFacts) => boolean = any) =>
      summary.someEdge(source, destination, test);
    // From a call site to the node it infers.
    expect(edge(named('gateway'), named('DynamoDB', 'AWS::DynamoDB'), (f) => f.had('fault', true))).toBe(true);
    expect(edge(named('gateway'), named('DynamoDB', 'remote'))).toBe(false);
    expect(edge(named('activities'), named('DynamoDB'))).toBe(false);
    // To a downstream segment (unknown at ingest which call it answers): any child segment may be the callee.
    expect(edge(named('gateway'), named('activities'), (f) => f.maxStatus === 200)).toBe(true);
    // ... or the call is the child segment itself, from whatever segment owns its parent.
    expect(edge(named('gateway'), named('activities'), (f) => f.maxStatus === 201)).toBe(true);
    expect(edge(named('billing'), named('activities'), (f) => f.maxStatus === 201)).toBe(false);
    expect(edge(named('gateway'), named('activities'), (f) => f.maxStatus === 500)).toBe(false);
    // A streamed subsegment's calls: their caller is any segment.
    expect(edge(named('anyone'), named('cache'), (f) => f.maxResponseTime === 1)).toBe(true);
    expect(edge(named('anyone'), named('cache'), (f) => f.had('error', true))).toBe(false);
    // Edges are never the root; a call site's may or may not be inferred, a child segment's is not.
    expect(edge(any, any, (f) => f.had('root', true))).toBe(false);
    expect(edge(named('gateway'), named('DynamoDB'), (f) => f.had('inferred', false))).toBe(true);
    expect(
      [false, true].map((inferred) =>
        edge(named('gateway'), named('activities'), (f) => f.maxStatus === 201 && f.had('inferred', inferred)),
      ),
    ).toEqual([true, false]);
  });

  it('says "may" to everything once it holds too many names', () => {
    const many = summaryOf(
      ...Array.from({ length: 70 }, (_, n) => doc({ name: `svc${n}`, id: (n + 1).toString(16).padStart(16, '0') })),
    );
    expect([many.someService(named('billing'), any), many.someEdge(named('a'), named('b'), () => false)]).toEqual([
      true,
      true,
    ]);
    const few = summaryOf(
      ...Array.from({ length: 60 }, (_, n) => doc({ name: `svc${n}`, id: (n + 1).toString(16).padStart(16, '0') })),
    );
    expect([few.someService(named('billing'), any), few.someService(named('svc59'), any)]).toEqual([false, true]);
  });
});

describe('TraceStore bucket summaries', () => {
  const record = (d: TraceDocument) => toSegmentRecord(d, JSON.stringify(d));
  const hasService = (name: string) => (summary: BucketSummary) => summary.someService(named(name), any);

  it('skips buckets whose summary rejects, and follows a trace that moves to an earlier bucket', () => {
    const store = new TraceStore({ maxTraces: 10, maxAgeSeconds: 1e9, clock: () => 2000 });
    store.add(
      record(
        doc({
          name: 'notifications',
          id: 'b000000000000001',
          parent_id: 'a000000000000002',
          start_time: 1005.5,
          end_time: 1005.6,
        }),
      ),
    );
    store.add(
      record({
        ...doc({ name: 'gateway', id: 'c000000000000001', start_time: 1007.2 }),
        trace_id: '1-5f84c7a5-000000000000000000000002',
      }),
    );
    const ids = (test: (summary: BucketSummary) => boolean) => [...store.inTimeRange(0, 3000, test)].map((t) => t.id);
    expect(ids(hasService('notifications'))).toEqual([TRACE]);
    expect(ids(hasService('gateway'))).toEqual(['1-5f84c7a5-000000000000000000000002']);
    // The root arrives, starting two buckets earlier: the trace's new bucket knows both records.
    store.add(record(doc({ name: 'gateway', id: 'a000000000000001', start_time: 1003.9 })));
    expect(ids(hasService('notifications'))).toEqual([TRACE]);
    expect(ids(hasService('gateway'))).toEqual(['1-5f84c7a5-000000000000000000000002', TRACE]);
    expect(store.countInTimeRange(0, 3000)).toBe(2);
  });
});
