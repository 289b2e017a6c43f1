import { XRayApiError } from '../api-errors/xray-api-error';
import { compileFilter } from './compile-filter';
import { parseFilter } from './filter-parser';
import { FilterSyntaxError } from './filter-syntax-error';
import { TraceView } from './trace-view';

function syntaxErrorOf(expression: string): FilterSyntaxError {
  try {
    parseFilter(expression);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed: ${expression}`);
}

describe('parseFilter', () => {
  it('builds n-ary AND/OR with NOT binding tightest', () => {
    expect(parseFilter('!ok AND fault OR partial and error')).toEqual({
      kind: 'or',
      operands: [
        {
          kind: 'and',
          operands: [
            { kind: 'not', operand: { kind: 'flag', keyword: 'ok', expected: true } },
            { kind: 'flag', keyword: 'fault', expected: true },
          ],
        },
        {
          kind: 'and',
          operands: [
            { kind: 'flag', keyword: 'partial', expected: true },
            { kind: 'flag', keyword: 'error', expected: true },
          ],
        },
      ],
    });
  });

  it('parses service(), edge() and id() targets', () => {
    expect(parseFilter('edge(id(name: "a", type: "AWS::Lambda"), "b") { fault }')).toEqual({
      kind: 'edge',
      source: { name: 'a', type: 'AWS::Lambda' },
      destination: { name: 'b' },
      body: { kind: 'flag', keyword: 'fault', expected: true },
    });
    expect(parseFilter('service()')).toEqual({ kind: 'service', target: undefined, body: undefined });
  });

  it.each([
    ['', 0, 'expected a keyword, "!" or "(" but found end of expression'],
    ['fault AND', 9, 'expected a keyword, "!" or "(" but found end of expression'],
    ['responsetime > "5"', 15, 'expected a number but found ""5""'],
    ['responsetime CONTAINS 5', 13, 'expected one of = != < <= > >= but found "CONTAINS"'],
    ['http.url > "x"', 9, 'expected one of = != CONTAINS BEGINSWITH ENDSWITH but found ">"'],
    ['http.url = 5', 11, 'expected a quoted string but found "5"'],
    ['foo = "x"', 0, 'unknown keyword "foo"'],
    ['ok AND foo', 7, 'unknown keyword "foo"'],
    ['(ok', 3, 'expected ")" but found end of expression'],
    ['ok)', 2, 'expected AND, OR or the end of the expression but found ")"'],
    ['ok fault 5', 9, 'expected AND, OR or the end of the expression but found "5"'],
    ['service("a" {fault}', 12, 'expected ")" but found "{"'],
    ['service("a") {fault', 19, 'expected "}" but found end of expression'],
    ['service(gateway)', 8, 'expected a quoted service name or id(...) but found "gateway"'],
    ['service("a") {service("b")}', 14, 'service() cannot be nested in service() or edge()'],
    ['edge("a") {fault}', 8, 'expected "," but found ")"'],
    ['http.url = "abc', 11, 'unterminated string'],
    ['http.url = "a\\x"', 13, 'expected \\" or \\\\ after a backslash in a string'],
    ['annotation.x = maybe', 15, 'expected a quoted string, a number, true or false but found "maybe"'],
    ['annotation.x CONTAINS 5', 13, 'operator "CONTAINS" does not apply to "5"'],
    ['annotation.x > true', 13, 'operator ">" does not apply to "true"'],
    ['annotation[x-y]', 12, 'expected "]" after an annotation key'],
    ['annotation', 10, 'expected "[key]" or ".key" after annotation but found end of expression'],
    ['annotation.a.b', 0, 'annotation keys are letters, digits and "_"'],
    ['fault = yes', 8, 'expected true or false but found "yes"'],
    ['ok # x', 3, 'unexpected character "#"'],
    ['responsetime > -', 15, 'expected a number but found "-"'],
    ['id(name: "a")', 0, 'id() is only allowed as an argument of service() or edge()'],
    ['service(id(color: "red"))', 11, 'expected name or type but found "color"'],
    ['service(id(name: "a", name: "b"))', 22, 'name given twice in id()'],
    ['service(id())', 11, 'expected name or type but found ")"'],
    ['!'.repeat(100) + 'ok', 64, 'expression nested deeper than 64 levels'],
    ['('.repeat(200), 64, 'expression nested deeper than 64 levels'],
  ])('%j fails at %d', (expression, position, problem) => {
    const error = syntaxErrorOf(expression);
    expect(error.position).toBe(position);
    expect(error.message).toContain(problem);
    expect(error.message).toContain(`position ${position}`);
    expect(error).toBeInstanceOf(XRayApiError);
    expect(error.toBody().__type).toBe('InvalidRequestException');
    expect(error.status).toBe(400);
  });

  it('accepts long flat chains without deep recursion', () => {
    expect(() => compileFilter(Array(20000).fill('ok').join(' AND '))).not.toThrow();
    expect(() => compileFilter(Array(20000).fill('fault').join(' OR '))).not.toThrow();
  });
});

describe('filter fuzzing', () => {
  /** Deterministic, so a failure reproduces. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state / 0x80000000;
    };
  }
  const pieces = [
    'ok',
    'fault',
    'error',
    'throttle',
    'partial',
    'inferred',
    'root',
    'first',
    'responsetime',
    'duration',
    'http.status',
    'http.url',
    'user',
    'name',
    'annotation.k',
    'annotation',
    '[k]',
    '[',
    ']',
    'service',
    'edge',
    'id',
    'name',
    'type',
    ':',
    'AND',
    'OR',
    'and',
    '!',
    '(',
    ')',
    '{',
    '}',
    ',',
    '=',
    '!=',
    '<',
    '<=',
    '>',
    '>=',
    'CONTAINS',
    'BEGINSWITH',
    'true',
    'false',
    '"a"',
    '"',
    '\\',
    '5',
    '-2.5',
    '1e400',
    '-',
    '.',
    ' ',
    '#',
    '\u{1F600}',
  ];
  const view: TraceView = {
    duration: 1,
    partial: false,
    annotations: new Map([['k', ['a', 5, true]]]),
    services: [{ name: 'a', root: true, inferred: false, ok: true, error: false, throttle: false, fault: false }],
    edges: [
      {
        source: { name: 'a' },
        destination: { name: 'a' },
        inferred: false,
        ok: true,
        error: false,
        throttle: false,
        fault: false,
      },
    ],
  };

  function check(expression: string): void {
    let filter: ((trace: TraceView) => boolean) | undefined;
    try {
      filter = compileFilter(expression);
    } catch (error) {
      if (!(error instanceof FilterSyntaxError)) {
        throw new Error(`${JSON.stringify(expression)} threw ${String(error)}`, { cause: error });
      }
      expect(error.position).toBeGreaterThanOrEqual(0);
      expect(error.position).toBeLessThanOrEqual(expression.length);
      return;
    }
    expect(typeof filter(view)).toBe('boolean');
  }

  it('throws only FilterSyntaxError for token soup', () => {
    const next = random(42);
    for (let i = 0; i < 20000; i++) {
      const length = Math.floor(next() * 12);
      const parts: string[] = [];
      for (let j = 0; j < length; j++) parts.push(pieces[Math.floor(next() * pieces.length)]);
      check(parts.join(next() < 0.5 ? ' ' : ''));
    }
  });

  it('throws only FilterSyntaxError for random characters', () => {
    const next = random(7);
    for (let i = 0; i < 20000; i++) {
      const length = Math.floor(next() * 30);
      let expression = '';
      for (let j = 0; j < length; j++) expression += String.fromCharCode(Math.floor(next() * 128));
      check(expression);
    }
  });
});
