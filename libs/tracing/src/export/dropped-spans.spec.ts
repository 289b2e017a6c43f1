import { DroppedSpans } from './dropped-spans';

describe('DroppedSpans', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('logs the first drop at once, then one summed line per interval, by reason', () => {
    const lines: string[] = [];
    const dropped = new DroppedSpans(
      (line) => lines.push(line),
      60_000,
      () => Date.now(),
    );
    dropped.add('queue full', 2);
    expect(lines).toEqual(['OTLP exporter dropped 2 spans: 2 queue full']);
    dropped.add('queue full', 3);
    dropped.add('refused by x (HTTP 400)', 1);
    jest.advanceTimersByTime(59_000);
    expect(lines).toHaveLength(1);
    jest.advanceTimersByTime(1_000);
    expect(lines[1]).toBe('OTLP exporter dropped 4 spans in the last 60 s: 3 queue full; 1 refused by x (HTTP 400)');
    jest.advanceTimersByTime(600_000);
    expect(lines).toHaveLength(2);
    expect(dropped.total).toBe(6);
  });

  it('reports what is pending when asked (shutdown), and nothing when nothing was dropped', () => {
    const lines: string[] = [];
    const dropped = new DroppedSpans((line) => lines.push(line));
    dropped.report();
    expect(lines).toEqual([]);
    dropped.add('a', 1);
    dropped.add('a', 1);
    dropped.report();
    expect(lines).toEqual([
      'OTLP exporter dropped 1 span: 1 a',
      expect.stringMatching(/^OTLP exporter dropped 1 span in the last \d+ s: 1 a$/),
    ]);
  });
});
