import { unixNanosToSeconds } from './unix-nanos-to-seconds';

describe('unixNanosToSeconds', () => {
  it('keeps every microsecond where dividing a JS number would not', () => {
    for (let micros = 0; micros < 1_000_000; micros += 7919) {
      const nanos = `1767000000${String(micros).padStart(6, '0')}999`;
      expect(Math.round((unixNanosToSeconds(nanos) - 1767000000) * 1e6)).toBe(micros);
    }
  });
  it('handles values under a second and exactly whole seconds', () => {
    expect(unixNanosToSeconds('1500')).toBe(0.000001);
    expect(unixNanosToSeconds('1767000000000000000')).toBe(1767000000);
  });
});
