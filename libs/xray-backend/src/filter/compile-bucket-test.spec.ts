import type { BucketView, SubjectFactsView, SummarizedFlag } from './bucket-view';
import { compileBucketTest } from './compile-bucket-test';
import { matchesNode } from './node-matcher';

interface Node {
  readonly name: string;
  readonly type?: string;
}

/** Facts with the flag values listed (others: false only) and the given ranges (none: empty). */
function facts(
  values: Partial<Record<SummarizedFlag, readonly boolean[]>>,
  responseTimes: readonly number[] = [],
  statuses: readonly number[] = [],
): SubjectFactsView {
  return {
    had: (flag, value) => (values[flag] ?? [false]).includes(value),
    minResponseTime: Math.min(...responseTimes),
    maxResponseTime: Math.max(...responseTimes),
    minStatus: Math.min(...statuses),
    maxStatus: Math.max(...statuses),
  };
}

function bucket(
  services: readonly (Node & { facts: SubjectFactsView })[],
  edges: readonly { source: Node; destination: Node; facts: SubjectFactsView }[],
): BucketView {
  return {
    someService: (matches, test) => services.some((s) => matches(s.name, s.type) && test(s.facts)),
    someEdge: (source, destination, test) =>
      edges.some(
        (e) =>
          source(e.source.name, e.source.type) && destination(e.destination.name, e.destination.type) && test(e.facts),
      ),
  };
}

const gateway = { name: 'gateway', type: 'AWS::ECS::Container' };
const activities = { name: 'activities' };
const dynamo = { name: 'DynamoDB', type: 'AWS::DynamoDB' };
/** A bucket where gateway (root, 4xx at times, never a fault) calls activities (always ok) and DynamoDB (inferred, faults). */
const sample = bucket(
  [
    {
      ...gateway,
      facts: facts(
        { ok: [true, false], error: [true, false], throttle: [true, false], root: [true, false] },
        [0.1, 0.5],
        [200, 429],
      ),
    },
    { ...activities, facts: facts({ ok: [true] }, [0.05, 0.2], [200]) },
    { ...dynamo, facts: facts({ fault: [true], inferred: [true] }, [0.01]) },
  ],
  [
    { source: gateway, destination: activities, facts: facts({ ok: [true], inferred: [false] }, [0.1, 0.3], [200]) },
    { source: gateway, destination: dynamo, facts: facts({ fault: [true], inferred: [true] }, [0.01]) },
  ],
);

/** What the compiled test says of `sample`; undefined when the expression compiles to no test. */
function verdict(expression: string): boolean | undefined {
  return compileBucketTest(expression)?.(sample);
}

describe('compileBucketTest', () => {
  it('compiles to no test when no bucket can be ruled out', () => {
    for (const expression of [
      'responsetime > 10',
      'duration < 1',
      'http.status = 500',
      'fault',
      'partial',
      'first = false',
      'user = "nobody"',
      'http.url CONTAINS "x"',
      'annotation.x = 1',
      '!service("billing")',
      'service("billing") OR ok',
      '!edge("a", "b") { fault }',
      'service("billing") { fault } OR responsetime > 1',
      'service("billing") { fault } OR !(service("billing"))',
    ]) {
      expect([expression, compileBucketTest(expression)]).toEqual([expression, undefined]);
    }
  });

  it('decides service() and edge() by name and id(name, type)', () => {
    const cases: [string, boolean][] = [
      ['service("gateway")', true],
      ['service("billing")', false],
      ['service(id(name: "gateway", type: "AWS::ECS::Container"))', true],
      ['service(id(name: "gateway", type: "AWS::EC2::Instance"))', false],
      ['service(id(type: "AWS::DynamoDB"))', true],
      ['service(id(type: "remote"))', false],
      ['service() { fault }', true],
      ['service() { responsetime > 1 }', false],
      ['edge("gateway", "activities")', true],
      ['edge("activities", "gateway")', false],
      ['edge("gateway", id(name: "DynamoDB", type: "AWS::DynamoDB"))', true],
      ['edge("gateway", id(name: "DynamoDB", type: "remote"))', false],
      ['edge(id(type: "AWS::ECS::Container"), "activities") { ok }', true],
    ];
    for (const [expression, expected] of cases)
      expect([expression, verdict(expression)]).toEqual([expression, expected]);
  });

  it('decides flags in bodies by the values the services or calls had, both ways', () => {
    const cases: [string, boolean][] = [
      ['service("gateway") { fault }', false],
      ['service("gateway") { fault = false }', true],
      ['service("gateway") { !fault }', true],
      ['service("gateway") { error }', true],
      ['service("gateway") { throttle }', true],
      ['service("gateway") { ok }', true],
      ['service("activities") { !ok }', false],
      ['service("activities") { ok = false }', false],
      ['service("activities") { error OR fault OR throttle }', false],
      ['service("activities") { root }', false],
      ['service("gateway") { root }', true],
      ['service("gateway") { inferred }', false],
      ['service("DynamoDB") { inferred AND fault }', true],
      ['service("DynamoDB") { !inferred }', false],
      ['edge("gateway", "activities") { fault }', false],
      ['edge("gateway", "DynamoDB") { fault }', true],
      ['edge("gateway", "activities") { inferred }', false],
      ['edge("gateway", "activities") { root }', false],
      // Always false (not computed): never true, always false.
      ['service("gateway") { first }', false],
      ['service("gateway") { remote = false }', true],
      ['service("gateway") { !last }', true],
      ['service("billing") { !last }', false],
      // The trace's, not the service's: may.
      ['service("activities") { partial }', true],
    ];
    for (const [expression, expected] of cases)
      expect([expression, verdict(expression)]).toEqual([expression, expected]);
  });

  it('decides responsetime, duration and http.status in bodies by their ranges, every operator', () => {
    const cases: [string, boolean][] = [
      ['service("gateway") { responsetime > 0.5 }', false],
      ['service("gateway") { responsetime >= 0.5 }', true],
      ['service("gateway") { responsetime < 0.1 }', false],
      ['service("gateway") { responsetime <= 0.1 }', true],
      ['service("gateway") { responsetime = 0.3 }', true],
      ['service("gateway") { responsetime = 0.6 }', false],
      ['service("gateway") { responsetime != 0.3 }', true],
      ['service("DynamoDB") { responsetime != 0.01 }', false],
      ['service("DynamoDB") { responsetime != 0.02 }', true],
      ['service("gateway") { duration > 1 }', false],
      ['service("activities") { duration < 0.06 }', true],
      ['service("gateway") { http.status = 500 }', false],
      ['service("gateway") { http.status >= 400 }', true],
      ['service("activities") { http.status != 200 }', false],
      // No status: no comparison holds, not even !=.
      ['service("DynamoDB") { http.status != 200 }', false],
      ['service("DynamoDB") { http.status < 1000 }', false],
      ['edge("gateway", "activities") { responsetime > 0.3 }', false],
      ['edge("gateway", "activities") { responsetime > 0.2 }', true],
      // A comparison may fail whatever the range: its negation may hold.
      ['service("activities") { !(responsetime > 0.01) }', true],
      // Strings are not summarised: may.
      ['service("activities") { http.url CONTAINS "zzz" }', true],
      ['service("activities") { name = "other" }', true],
    ];
    for (const [expression, expected] of cases)
      expect([expression, verdict(expression)]).toEqual([expression, expected]);
  });

  it('combines with AND, OR and NOT, at the top and in bodies', () => {
    const cases: [string, boolean][] = [
      ['service("gateway") AND service("billing")', false],
      ['service("gateway") OR service("billing")', true],
      ['service("billing") OR edge("a", "b")', false],
      ['service("billing") AND responsetime > 1', false],
      ['!(!service("billing"))', false],
      ['!(!service("gateway") OR !service("billing"))', false],
      ['!(!service("gateway") OR !service("activities"))', true],
      ['service("gateway") AND !service("gateway")', true],
      ['service("activities") { fault AND responsetime > 0.1 }', false],
      ['service("activities") { fault OR responsetime > 0.1 }', true],
      ['service("activities") { !(ok AND responsetime < 1) }', true],
      ['service("activities") { !(ok OR fault) }', false],
      ['service("activities") { !(!fault) }', false],
      ['service("gateway") { !(fault OR responsetime > 0.5) AND http.status = 429 }', true],
    ];
    for (const [expression, expected] of cases)
      expect([expression, verdict(expression)]).toEqual([expression, expected]);
  });

  it('matches nodes as matchesNode does (the bucket is given its tests)', () => {
    const seen: string[] = [];
    const spy: BucketView = {
      someService: (matches) => (
        seen.push(String([matches('a', 'x'), matches('a', undefined), matches('b', 'x')])),
        false
      ),
      someEdge: () => false,
    };
    compileBucketTest('service(id(name: "a", type: "x"))')?.(spy);
    compileBucketTest('service("a")')?.(spy);
    expect(seen).toEqual([String([matchesNode({ name: 'a', type: 'x' }, 'a', 'x'), false, false]), 'true,true,false']);
  });
});
