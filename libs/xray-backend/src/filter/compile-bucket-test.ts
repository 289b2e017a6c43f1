import type { BucketView, NodeTest, SubjectFactsView } from './bucket-view';
import { rangeMayPass } from './comparisons';
import type { FilterNode, NodeMatcher } from './filter-ast';
import { parseFilter } from './filter-parser';
import { ANY_NODE, matchesNode } from './node-matcher';

/** A compiled bucket test: false when no trace of the bucket can match the expression. */
export type BucketTest = (bucket: BucketView) => boolean;

/** Whether something of a bucket may make a (sub)expression true, or false: false only when it cannot. */
type Test<T> = (value: T) => boolean;

// Tests that decide without reading: they combine away, so an expression that no summary can
// rule out compiles to MAY and its scan pays nothing per bucket.
const MAY = (): boolean => true;
const CANNOT = (): boolean => false;

/**
 * Compiles an X-Ray filter expression into a test over a time bucket's summary (bucket-view.ts),
 * for skipping whole buckets in a scan: false only when no trace in the bucket can match, so
 * skipping never changes results. Undefined when no bucket can be ruled out (it would always say
 * "may"). Decided from summaries: `service(..) {..}` and `edge(..) {..}` (the names and types,
 * and in the body the flags, `responsetime`/`duration` and `http.status` of the services or calls
 * named). Everything else "may": top-level keywords (the root segment, annotations, `duration`,
 * `partial`, `user`) and in bodies strings, `partial` and nested service()/edge(). The expression
 * is evaluated for both values (`!x` may be true when `x` may be false): an AND may be true when
 * each operand may, false when one may; an OR the other way round.
 */
export function compileBucketTest(expression: string): BucketTest | undefined {
  const test = traceTest(parseFilter(expression), true);
  return test === MAY ? undefined : test;
}

function all<T>(tests: readonly Test<T>[]): Test<T> {
  if (tests.includes(CANNOT)) return CANNOT;
  const deciding = tests.filter((test) => test !== MAY);
  if (deciding.length <= 1) return deciding[0] ?? MAY;
  return (value) => deciding.every((test) => test(value));
}

function any<T>(tests: readonly Test<T>[]): Test<T> {
  if (tests.includes(MAY)) return MAY;
  const deciding = tests.filter((test) => test !== CANNOT);
  if (deciding.length <= 1) return deciding[0] ?? CANNOT;
  return (value) => deciding.some((test) => test(value));
}

/** `and`/`or`/`not` at either level: whether `node` may evaluate to `want`. */
function combined<T>(
  node: FilterNode,
  want: boolean,
  operand: (node: FilterNode, want: boolean) => Test<T>,
): Test<T> | undefined {
  switch (node.kind) {
    case 'and':
      return want ? all(node.operands.map((o) => operand(o, true))) : any(node.operands.map((o) => operand(o, false)));
    case 'or':
      return want ? any(node.operands.map((o) => operand(o, true))) : all(node.operands.map((o) => operand(o, false)));
    case 'not':
      return operand(node.operand, !want);
    default:
      return undefined;
  }
}

/** The top level: whether some trace of the bucket may make `node` evaluate to `want`. */
function traceTest(node: FilterNode, want: boolean): Test<BucketView> {
  const combination = combined(node, want, traceTest);
  if (combination !== undefined) return combination;
  switch (node.kind) {
    case 'service': {
      // A trace without such a service makes it false: any bucket may.
      if (!want) return MAY;
      const matches = nodeTest(node.target ?? ANY_NODE);
      const body = node.body === undefined ? MAY : subjectTest(node.body, true);
      return body === CANNOT ? CANNOT : (bucket) => bucket.someService(matches, body);
    }
    case 'edge': {
      if (!want) return MAY;
      const source = nodeTest(node.source);
      const destination = nodeTest(node.destination);
      const body = node.body === undefined ? MAY : subjectTest(node.body, true);
      return body === CANNOT ? CANNOT : (bucket) => bucket.someEdge(source, destination, body);
    }
    case 'flag':
      return node.keyword === 'first' || node.keyword === 'last' || node.keyword === 'remote'
        ? constantFlag(node.expected, want)
        : MAY;
    default:
      return MAY;
  }
}

/** Inside service()/edge() {..}: whether some service or call the summary describes may make `node` evaluate to `want`. */
function subjectTest(node: FilterNode, want: boolean): Test<SubjectFactsView> {
  const combination = combined(node, want, subjectTest);
  if (combination !== undefined) return combination;
  switch (node.kind) {
    case 'flag': {
      const { keyword, expected } = node;
      switch (keyword) {
        case 'first':
        case 'last':
        case 'remote':
          return constantFlag(expected, want);
        case 'partial':
          // The trace's, not the subject's.
          return MAY;
        default: {
          // True when the subject's value is `expected`.
          const value = expected === want;
          return (facts) => facts.had(keyword, value);
        }
      }
    }
    case 'number': {
      // An absent value makes any comparison false: no bound says a comparison cannot fail.
      if (!want) return MAY;
      const inRange = rangeMayPass(node.operator, node.value);
      return node.keyword === 'http.status'
        ? (facts) => inRange(facts.minStatus, facts.maxStatus)
        : (facts) => inRange(facts.minResponseTime, facts.maxResponseTime);
    }
    default:
      return MAY;
  }
}

/** `first`, `last` and `remote` are always false (compile-filter.ts): whether that makes the flag `want`. */
function constantFlag(expected: boolean, want: boolean): Test<unknown> {
  return (expected === false) === want ? MAY : CANNOT;
}

function nodeTest(matcher: NodeMatcher): NodeTest {
  return (name, type) => matchesNode(matcher, name, type);
}
