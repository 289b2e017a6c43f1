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
  ])('%j matches %j: %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
    expect(wildcard(pattern).test(text)).toBe(expected);
  });

  it('treats regular-expression characters in a pattern as plain text', () => {
    expect(wildcardMatch('a.c', 'abc')).toBe(false);
    expect(wildcardMatch('(a+)+$', '(a+)+$')).toBe(true);
    expect(wildcardMatch('[ab]', 'a')).toBe(false);
  });
});
