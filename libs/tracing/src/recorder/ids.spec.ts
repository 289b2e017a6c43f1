import { newSpanId, newTraceId } from './ids';

describe('pooled X-Ray ids', () => {
  it('makes well-formed span and trace ids', () => {
    expect(newSpanId()).toMatch(/^[0-9a-f]{16}$/);
    expect(newTraceId(Date.UTC(2026, 10, 22) )).toMatch(/^1-6b023080-[0-9a-f]{24}$/);
  });

  it('never repeats across many refills of the pool', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newSpanId()));
    expect(ids.size).toBe(20_000);
    const traces = new Set(Array.from({ length: 5_000 }, () => newTraceId()));
    expect(traces.size).toBe(5_000);
  });
});
