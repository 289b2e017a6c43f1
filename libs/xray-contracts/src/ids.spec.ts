import { isSegmentId, isTraceId, newSegmentId, newTraceId } from './ids';

describe('pooled X-Ray ids', () => {
  it('makes well-formed segment and trace ids', () => {
    expect(newSegmentId()).toMatch(/^[0-9a-f]{16}$/);
    expect(newTraceId(Date.UTC(2026, 10, 22))).toMatch(/^1-6b023080-[0-9a-f]{24}$/);
    expect(newTraceId(0)).toMatch(/^1-00000000-[0-9a-f]{24}$/);
  });

  it('never repeats across many refills of the pool', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newSegmentId()));
    expect(ids.size).toBe(20_000);
    const traces = new Set(Array.from({ length: 5_000 }, () => newTraceId()));
    expect(traces.size).toBe(5_000);
  });

  it('uses every hex digit in every position', () => {
    const seen = Array.from({ length: 16 }, () => new Set<string>());
    for (let n = 0; n < 2_000; n++) [...newSegmentId()].forEach((c, i) => seen[i].add(c));
    expect(seen.map((s) => s.size)).toEqual(Array(16).fill(16));
  });
});

describe('id checks', () => {
  it('accepts what the generators make', () => {
    for (let n = 0; n < 1_000; n++) {
      expect(isSegmentId(newSegmentId())).toBe(true);
      expect(isTraceId(newTraceId())).toBe(true);
    }
  });

  it('accepts trace ids whose first part is random (W3C ids), not only recent times', () => {
    expect(isTraceId('1-ffffffff-bd862e3fe1be46a994272793')).toBe(true);
    expect(isTraceId('1-00000000-bd862e3fe1be46a994272793')).toBe(true);
  });

  it('refuses anything else', () => {
    for (const bad of [
      undefined,
      1,
      '',
      '1-5759e988-bd862e3fe1be46a99427279',
      '1-5759e988-bd862e3fe1be46a9942727930',
      '2-5759e988-bd862e3fe1be46a994272793',
      '1-5759E988-bd862e3fe1be46a994272793',
      '1_5759e988-bd862e3fe1be46a994272793',
      '1-5759e988_bd862e3fe1be46a994272793',
      '1-5759e98g-bd862e3fe1be46a994272793',
    ])
      expect(isTraceId(bad)).toBe(false);
    for (const bad of [
      undefined,
      16,
      '',
      '53995c3f42cd8ad',
      '53995c3f42cd8ad80',
      '53995C3F42CD8AD8',
      '53995c3f42cd8adz',
    ])
      expect(isSegmentId(bad)).toBe(false);
  });
});
