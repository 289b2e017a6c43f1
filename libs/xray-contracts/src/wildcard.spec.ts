import { wildcard, wildcardMatch } from './wildcard';

describe('wildcardMatch', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['gateway', 'gateway', true],
    ['gateway', 'Gateway', true],
    ['gateway', 'gateways', false],
    ['gate*', 'gateway', true],
    ['*way', 'gateway', true],
    ['g*t*y', 'gateway', true],
    ['g?teway', 'gateway', true],
    ['g?teway', 'gteway', false],
    ['/api/*/home', '/api/activities/home', true],
    ['/api/*/home', '/api/activities/homes', false],
    ['*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false],
    ['', '', true],
    ['', 'x', false],
    ['??', 'ab', true],
    ['??', 'abc', false],
    // A literal `*` or `?` in the text does not stop a pattern's `*` from being a wildcard.
    ['*', '*x', true],
    ['/api/*', '/api/*x', true],
    ['/admin*', '/admin*/users', true],
    ['a*b', 'a*b*b', true],
    ['a?c', 'a*c', true],
  ])('%j matches %j: %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
    expect(wildcard(pattern).test(text)).toBe(expected);
  });

  it('treats regular-expression characters in a pattern as plain text', () => {
    expect(wildcardMatch('a.c', 'abc')).toBe(false);
    expect(wildcardMatch('(a+)+$', '(a+)+$')).toBe(true);
    expect(wildcardMatch('[ab]', 'a')).toBe(false);
  });

  it('agrees with a regular-expression reference on random patterns and texts (with literal * and ?)', () => {
    const reference = (pattern: string, text: string) =>
      new RegExp(
        `^${[...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
        's',
      ).test(text);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const word = (alphabet: string) =>
      Array.from({ length: next() % 7 }, () => alphabet[next() % alphabet.length]).join('');
    for (let i = 0; i < 5000; i++) {
      const pattern = word('ab*?');
      const text = word('ab*?');
      expect([pattern, text, wildcardMatch(pattern, text)]).toEqual([pattern, text, reference(pattern, text)]);
    }
  });
});
