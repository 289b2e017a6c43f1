import { globMatch } from './glob';

describe('globMatch', () => {
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
    expect(globMatch(pattern, text)).toBe(expected);
  });
});
