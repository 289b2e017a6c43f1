import { renderProgress } from './progress-bar';
import { sampledTraceHeader } from './trace-header';
import { pickRequest } from './traffic-mix';
import { parseTrafficOptions } from './traffic-options';

/** A small deterministic generator (mulberry32), so the mix is the same on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('pickRequest', () => {
  it('covers every route of the API, with 404s and 422s among them', () => {
    const random = seeded(42);
    const kinds = new Set(Array.from({ length: 1000 }, () => pickRequest(random).kind));
    expect([...kinds].sort()).toEqual(
      [
        '@handle',
        '@handle (unknown, 404)',
        'create',
        'create (blank, 422)',
        'home',
        'notifications',
        'reply',
        'search',
        'search (blank, 422)',
        'show',
        'show (unknown, 404)',
      ].sort(),
    );
  });

  it('sends bodies only with POSTs', () => {
    const random = seeded(7);
    for (let i = 0; i < 200; i++) {
      const request = pickRequest(random);
      expect(request.body !== undefined).toBe(request.method === 'POST');
    }
  });
});

describe('renderProgress', () => {
  it('draws a bar, the count, the share, statuses and the rate', () => {
    const line = renderProgress(
      {
        done: 50,
        total: 200,
        statuses: new Map([
          ['404', 5],
          ['200', 45],
        ]),
        elapsedSeconds: 10,
      },
      20,
    );
    expect(line).toBe('[#####...............]  50/200  25%  200:45 404:5  5.0 req/s');
  });
});

describe('sampledTraceHeader', () => {
  it('starts a new trace at the given time and asks for sampling', () => {
    expect(sampledTraceHeader(0x6560_0000 * 1000)).toMatch(/^Root=1-65600000-[0-9a-f]{24};Sampled=1$/);
  });
});

describe('parseTrafficOptions', () => {
  it('has defaults that make a live map within a minute', () => {
    expect(parseTrafficOptions([], {})).toEqual({
      help: false,
      options: { gateway: 'http://127.0.0.1:4567', requests: 150, rate: 5, sampled: false, withOutage: false },
    });
  });

  it('reads every flag', () => {
    const parsed = parseTrafficOptions(
      ['--gateway', 'http://localhost:9000/', '--requests', '10', '--rate', '0.5', '--sampled', '--with-outage'],
      {},
    );
    expect(parsed).toEqual({
      help: false,
      options: { gateway: 'http://localhost:9000', requests: 10, rate: 0.5, sampled: true, withOutage: true },
    });
  });

  it.each([
    ['--requests', '1.5'],
    ['--requests', '0'],
    ['--rate', 'fast'],
    ['--gateway', 'nope'],
    ['--bogus', 'x'],
  ])('refuses %s %s', (flag, value) => {
    expect(() => parseTrafficOptions([flag, value], {})).toThrow(/--/);
  });
});
