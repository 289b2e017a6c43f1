import { prng } from './prng.fixture';
import {
  formatTraceparent,
  MAX_TRACESTATE_LENGTH,
  parseTraceparent,
  passableTracestate,
  w3cTraceIdOf,
  xrayTraceIdOf,
} from './traceparent';

const W3C = '4bf92f3577b34da6a3ce929d0e0e4736';
const ROOT = '1-4bf92f35-77b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('trace id forms', () => {
  it('converts W3C <-> X-Ray without loss, whatever the first 8 hex are', () => {
    expect(xrayTraceIdOf(W3C)).toBe(ROOT);
    expect(w3cTraceIdOf(ROOT)).toBe(W3C);
    for (const id of ['ffffffff000000000000000000000001', '00000000aaaaaaaaaaaaaaaaaaaaaaaa'])
      expect(w3cTraceIdOf(xrayTraceIdOf(id))).toBe(id);
  });
});

describe('parseTraceparent', () => {
  it.each([
    [`00-${W3C}-${SPAN}-01`, { root: ROOT, parent: SPAN, sampled: true }],
    [`00-${W3C}-${SPAN}-00`, { root: ROOT, parent: SPAN, sampled: false }],
    // Only bit 0 is "sampled"; other flags (random-trace-id, future ones) are not ours to read.
    [`00-${W3C}-${SPAN}-03`, { root: ROOT, parent: SPAN, sampled: true }],
    [`00-${W3C}-${SPAN}-02`, { root: ROOT, parent: SPAN, sampled: false }],
    // A future version: same fields, more may follow after a dash.
    [`cc-${W3C}-${SPAN}-01-what-the-future-will-be`, { root: ROOT, parent: SPAN, sampled: true }],
    [`01-${W3C}-${SPAN}-01`, { root: ROOT, parent: SPAN, sampled: true }],
  ])('%s', (value, expected) => {
    expect(parseTraceparent(value)).toEqual(expected);
  });

  it.each([
    undefined,
    42,
    [`00-${W3C}-${SPAN}-01`],
    '',
    `00-${W3C}-${SPAN}`,
    `00-${W3C}-${SPAN}-1`,
    `00-${W3C.toUpperCase()}-${SPAN}-01`,
    `00-${W3C}-${SPAN.toUpperCase()}-01`,
    `00-${W3C}-${SPAN}-0A`,
    `00-${'0'.repeat(32)}-${SPAN}-01`,
    `00-${W3C}-${'0'.repeat(16)}-01`,
    `ff-${W3C}-${SPAN}-01`,
    `0g-${W3C}-${SPAN}-01`,
    `00-${W3C}-${SPAN}-01-extra`,
    `00-${W3C}-${SPAN}-01 `,
    `cc-${W3C}-${SPAN}-01x`,
    `00_${W3C}-${SPAN}-01`,
    `00-${W3C.slice(1)}-${SPAN}0-01`,
    `00-${W3C}-${SPAN}-01\r\nX: y`,
    `00-${W3C}-${SPAN}-zz`,
  ])('refuses %j', (value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });

  it('never throws on thousands of generated values, and what it accepts formats back canonically', () => {
    const random = prng(20261203);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const hex = (n: number, digits = '0123456789abcdef') => Array.from({ length: n }, () => pick([...digits])).join('');
    const noise = (n: number) => String.fromCharCode(...Array.from({ length: n }, () => Math.floor(random() * 0xffff)));
    // Mostly well-formed fields, each sometimes wrong, so both outcomes are common.
    const version = () => pick(['00', '00', '00', '00', '01', 'cc', 'ff', '0g', 'FF', '']);
    const trace = () =>
      random() < 0.9 ? hex(pick([32, 32, 32, 32, 31, 33])) : pick(['0'.repeat(32), hex(32, '0123456789ABCDEF')]);
    const span = () => (random() < 0.9 ? hex(pick([16, 16, 16, 16, 15, 17])) : '0'.repeat(16));
    const flags = () =>
      random() < 0.9 ? pick(['01', '00', '03', '02', 'ff', '1', '0x', 'A1']) : noise(Math.floor(random() * 4));
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const value =
        [version(), trace(), span(), flags()].join(random() < 0.95 ? '-' : '_') +
        (random() < 0.1 ? pick(['-x', 'x', ' ', '\r\n']) : '');
      let parsed: ReturnType<typeof parseTraceparent>;
      expect(() => (parsed = parseTraceparent(value))).not.toThrow();
      if (parsed === undefined) continue;
      accepted++;
      const canonical = formatTraceparent(parsed.root, parsed.parent, parsed.sampled);
      expect(canonical).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
      expect(canonical.slice(3, 52)).toBe(value.slice(3, 52));
      expect(parseTraceparent(canonical)).toEqual(parsed);
    }
    // The generator must exercise both paths, or this test proves nothing.
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(4900);
  });

  it('round-trips through formatTraceparent', () => {
    for (const sampled of [true, false]) {
      const text = formatTraceparent(ROOT, SPAN, sampled);
      expect(text).toBe(`00-${W3C}-${SPAN}-0${sampled ? 1 : 0}`);
      expect(parseTraceparent(text)).toEqual({ root: ROOT, parent: SPAN, sampled });
    }
  });
});

describe('passableTracestate', () => {
  it('passes vendors’ state on unchanged (trimmed), joining repeated headers', () => {
    expect(passableTracestate('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE')).toBe(
      'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
    );
    expect(passableTracestate(' a=1 ,\tb=2 ')).toBe('a=1 ,\tb=2');
    expect(passableTracestate(['a=1', 'b=2'])).toBe('a=1,b=2');
    expect(passableTracestate('x'.repeat(MAX_TRACESTATE_LENGTH))).toHaveLength(MAX_TRACESTATE_LENGTH);
  });

  it.each([
    undefined,
    7,
    '',
    '   ',
    'a=1\r\nSet-Cookie: x=y',
    'a=\u0000',
    'a=é',
    'x'.repeat(MAX_TRACESTATE_LENGTH + 1),
  ])('drops %j', (value) => {
    expect(passableTracestate(value)).toBeUndefined();
  });
});
