import { filterErrorMark } from './filter-error';
import { edgeFilter, serviceFilter } from './filter-literal';

describe('filterErrorMark', () => {
  it('puts the caret under the position the API names', () => {
    const expression = 'http.status >= "x"';
    const mark = filterErrorMark(expression, 'Invalid filter expression at position 15: expected a number');
    expect(mark).toEqual({ position: 15, problem: 'expected a number', caretLine: '               ^' });
    if (!mark) throw new Error('no mark for a message that names a position');
    expect(expression[mark.caretLine.indexOf('^')]).toBe('"');
  });

  it('clamps a position past the end (input ran out) to the end', () => {
    expect(filterErrorMark('ok AND', 'Invalid filter expression at position 99: unexpected end')?.caretLine).toBe(
      '      ^',
    );
  });

  it('ignores errors that are not about the filter syntax', () => {
    expect(filterErrorMark('ok', 'Value at StartTime failed')).toBeUndefined();
  });
});

describe('filter literals', () => {
  it('quotes names so they cannot end the string', () => {
    expect(serviceFilter('gateway')).toBe('service("gateway")');
    expect(serviceFilter('a"b\\c')).toBe('service("a\\"b\\\\c")');
    expect(edgeFilter('client', 'gateway')).toBe('edge("client", "gateway")');
  });
});
