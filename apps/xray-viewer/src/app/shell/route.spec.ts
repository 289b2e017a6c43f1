import { parseRoute, routeHash } from './route';
import { windowOf } from './time-range';

describe('routes', () => {
  it.each([
    [{ page: 'map' }, '#/map'],
    [{ page: 'traces', filter: '' }, '#/traces'],
    [
      { page: 'traces', filter: 'service("a&b") AND http.url CONTAINS "#x?"' },
      '#/traces?filter=service%28%22a%26b%22%29+AND+http.url+CONTAINS+%22%23x%3F%22',
    ],
    [{ page: 'trace', traceId: '1-65000000-0123456789abcdef01234567' }, '#/trace/1-65000000-0123456789abcdef01234567'],
  ] as const)('round-trips %j', (route, hash) => {
    expect(routeHash(route)).toBe(hash);
    expect(parseRoute(hash)).toEqual(route);
  });

  it('falls back to the map', () => {
    expect(parseRoute('')).toEqual({ page: 'map' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'map' });
  });
});

describe('windowOf', () => {
  it('slides with now, or keeps custom bounds in order', () => {
    expect(windowOf({ key: '5m', customStart: 0, customEnd: 0 }, 1000.5)).toEqual({ start: 700, end: 1001 });
    expect(windowOf({ key: 'custom', customStart: 900, customEnd: 100 }, 1000)).toEqual({ start: 100, end: 900 });
  });
});
