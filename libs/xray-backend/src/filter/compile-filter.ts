import { comparisonOf } from './annotation-comparison';
import { failsBelow, numberTest, stringTest } from './comparisons';
import { FilterNode } from './filter-ast';
import { parseFilter } from './filter-parser';
import { BooleanKeyword, NumberKeyword, StringKeyword } from './keywords';
import { ANY_NODE, matchesNode } from './node-matcher';
import type { AnnotationValue } from '@cruddur/xray-contracts';
import { EdgeView, HttpView, ServiceView, TraceView } from './trace-view';

/** A compiled filter expression: true when the trace matches. */
export type TraceFilter = (trace: TraceView) => boolean;

/**
 * What a keyword reads from: the root segment at the top level, the segment inside
 * `service() {..}`, the remote call inside `edge() {..}`. Edges have no root/name/user.
 */
interface Subject {
  readonly ok: boolean;
  readonly error: boolean;
  readonly throttle: boolean;
  readonly fault: boolean;
  readonly inferred: boolean;
  readonly root?: boolean;
  readonly name?: string;
  readonly user?: string;
  readonly responseTime?: number;
  readonly maxResponseTime?: number;
  readonly http?: HttpView;
}

type Predicate = (trace: TraceView, subject: Subject | undefined) => boolean;

/**
 * Top level: keywords describe the request the trace served (its root segment), except
 * `duration` (the whole trace), `partial` (any segment in progress) and `user` (any segment).
 * Inside service()/edge(): they describe that segment or call; `duration` is its response time.
 */
type Level = 'trace' | 'scoped';

/**
 * Compiles an X-Ray filter expression once into a function to run over many traces.
 * Throws FilterSyntaxError (InvalidRequestException, 400) naming the offending position.
 *
 * Semantics not spelled out by AWS, chosen here: a comparison with a value the trace lacks
 * (no root segment yet, no `http.url`, ...) is false, `!=` included; multi-valued keywords
 * (`user` at the top level, annotations) match when any value matches; `first`, `last` and
 * `remote` describe root-cause entries this backend does not compute and are always false.
 */
export function compileFilter(expression: string): TraceFilter {
  const ast = parseFilter(expression);
  const predicate = compile(ast, 'trace');
  // Expressions that never read the root (annotations, service(), edge(), partial, duration)
  // skip finding it: with a lazy view that is most of the per-trace cost of a full scan.
  if (!readsRoot(ast)) return (trace) => predicate(trace, undefined);
  return (trace) => predicate(trace, rootOf(trace));
}

/** Whether a top-level keyword of the expression describes the root segment (the top-level subject). */
function readsRoot(node: FilterNode): boolean {
  switch (node.kind) {
    case 'or':
    case 'and':
      return node.operands.some(readsRoot);
    case 'not':
      return readsRoot(node.operand);
    case 'service':
    case 'edge':
    case 'annotation':
      return false;
    case 'flag':
      return !['partial', 'first', 'last', 'remote'].includes(node.keyword);
    case 'number':
      return node.keyword !== 'duration';
    case 'string':
      return node.keyword !== 'user';
  }
}

function rootOf(trace: TraceView): ServiceView | undefined {
  const root = trace.root;
  if (root !== undefined) return root ?? undefined;
  for (const service of trace.services) if (service.root) return service;
  return undefined;
}

function compile(node: FilterNode, level: Level): Predicate {
  switch (node.kind) {
    case 'or': {
      const operands = node.operands.map((operand) => compile(operand, level));
      return (trace, subject) => operands.some((operand) => operand(trace, subject));
    }
    case 'and': {
      const operands = node.operands.map((operand) => compile(operand, level));
      return (trace, subject) => operands.every((operand) => operand(trace, subject));
    }
    case 'not': {
      const operand = compile(node.operand, level);
      return (trace, subject) => !operand(trace, subject);
    }
    case 'service': {
      const target = node.target ?? ANY_NODE;
      const body = node.body ? compile(node.body, 'scoped') : undefined;
      return (trace) => {
        const test = (service: ServiceView) => !body || body(trace, service);
        if (trace.someService !== undefined) return trace.someService(target, test);
        return trace.services.some((s) => matchesNode(target, s.name, s.type) && test(s));
      };
    }
    case 'edge': {
      const { source, destination } = node;
      const body = node.body ? compile(node.body, 'scoped') : undefined;
      return (trace) => {
        const test = (edge: EdgeView) => !body || body(trace, edge);
        if (trace.someEdge !== undefined) return trace.someEdge(source, destination, test);
        return trace.edges.some(
          (e) =>
            matchesNode(source, e.source.name, e.source.type) &&
            matchesNode(destination, e.destination.name, e.destination.type) &&
            test(e),
        );
      };
    }
    case 'flag':
      return flag(node.keyword, node.expected);
    case 'number': {
      const read = numberReader(node.keyword, level);
      const test = numberTest(node.operator, node.value);
      const readsResponseTime = node.keyword === 'responsetime' || (node.keyword === 'duration' && level === 'scoped');
      const fails = readsResponseTime ? failsBelow(node.operator, node.value) : undefined;
      if (fails === undefined) {
        return (trace, subject) => {
          const value = read(trace, subject);
          return value !== undefined && test(value);
        };
      }
      // A scan for slow services or calls (`responsetime > X`) fails on almost every one; a
      // subject's cheaper upper bound (a segment's: its trace's span) decides without its times.
      return (trace, subject) => {
        const bound = subject?.maxResponseTime;
        if (bound !== undefined && fails(bound)) return false;
        const value = read(trace, subject);
        return value !== undefined && test(value);
      };
    }
    case 'string': {
      const test = stringTest(node.operator, node.value);
      if (node.keyword === 'user' && level === 'trace') {
        return (trace) => trace.services.some((service) => service.user !== undefined && test(service.user));
      }
      const read = stringReader(node.keyword);
      return (trace, subject) => {
        const value = read(subject);
        return value !== undefined && test(value);
      };
    }
    case 'annotation': {
      const { key } = node;
      const matches = node.test ? comparisonOf(node.test) : (value: AnnotationValue) => value !== false;
      return (trace) =>
        (trace.annotation !== undefined ? trace.annotation(key) : trace.annotations.get(key))?.some(matches) ?? false;
    }
  }
}

function flag(keyword: BooleanKeyword, expected: boolean): Predicate {
  switch (keyword) {
    case 'partial':
      return (trace) => trace.partial === expected;
    case 'first':
    case 'last':
    case 'remote':
      return () => expected === false;
    default:
      return (_trace, subject) => (subject?.[keyword] ?? false) === expected;
  }
}

type NumberReader = (trace: TraceView, subject: Subject | undefined) => number | undefined;

function numberReader(keyword: NumberKeyword, level: Level): NumberReader {
  switch (keyword) {
    case 'responsetime':
      return (_trace, subject) => subject?.responseTime;
    case 'duration':
      return level === 'trace' ? (trace) => trace.duration : (_trace, subject) => subject?.responseTime;
    case 'http.status':
      return (_trace, subject) => subject?.http?.status;
  }
}

function stringReader(keyword: StringKeyword): (subject: Subject | undefined) => string | undefined {
  switch (keyword) {
    case 'http.url':
      return (subject) => subject?.http?.url;
    case 'http.method':
      return (subject) => subject?.http?.method;
    case 'http.useragent':
      return (subject) => subject?.http?.userAgent;
    case 'http.clientip':
      return (subject) => subject?.http?.clientIp;
    case 'user':
      return (subject) => subject?.user;
    case 'name':
      return (subject) => subject?.name;
  }
}
