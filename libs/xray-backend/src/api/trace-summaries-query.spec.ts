import { compileFilter } from '../filter';
import type { TraceDocument } from '@cruddur/xray-contracts';
import { toSegmentRecord } from '../store/segment-record';
import type { StoredTrace } from '../store/stored-trace';
import { TraceStore } from '../store/trace-store';
import { buildTraceView } from '../traces/build-trace-view';
import { getTraceSummaries } from './trace-summaries-query';

const NOW = 10_000;
/** These traces make no calls: no service is asked whether it sends segments. */
const VIEW = { now: NOW, senders: new Set<string>() };
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Traces packed into few seconds, several sharing a start microsecond, some faulty. */
function filledStore(count: number): TraceStore {
  const store = new TraceStore({ maxTraces: 100_000, maxAgeSeconds: 1e9, clock: () => NOW });
  for (let n = 0; n < count; n++) add(store, n, 9_000 + Math.floor(n / 3) * 0.25 + (n % 3 === 2 ? 0.0000004 : 0));
  return store;
}

function add(store: TraceStore, n: number, start: number): void {
  // Ids deliberately not in start-time order, so ties are broken by id, not by arrival.
  const doc = {
    name: n % 5 === 0 ? 'gateway' : 'web',
    id: hex(n + 1, 16),
    trace_id: `1-${hex(Math.floor(start), 8)}-${hex((n * 7919) % 1000, 24)}`,
    start_time: start,
    end_time: start + (n % 4) * 0.03,
    fault: n % 3 === 0 ? true : undefined,
  } as TraceDocument;
  store.add(toSegmentRecord(doc, JSON.stringify(doc)));
}

/** The previous implementation: every trace in the window keyed, filtered eagerly, sorted. */
function reference(store: TraceStore, start: number, end: number, expression?: string): string[] {
  const filter = expression === undefined ? undefined : compileFilter(expression);
  const key = (t: StoredTrace) => `${String(9e15 - Math.round(t.startTime * 1e6)).padStart(16, '0')}/${t.id}`;
  return [...store.all()]
    .filter(
      (t) => t.startTime >= start && t.startTime <= end && (filter === undefined || filter(buildTraceView(t, VIEW))),
    )
    .sort((a, b) => (key(a) < key(b) ? -1 : 1))
    .map((t) => t.id);
}

function allPages(
  store: TraceStore,
  body: object,
  pageSize: number,
  between?: (page: number) => void,
): { ids: string[]; processed: number[] } {
  const ids: string[] = [];
  const processed: number[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const result = getTraceSummaries(store, { ...body, NextToken: token }, VIEW, pageSize);
    ids.push(...result.TraceSummaries.map((s) => s.Id));
    processed.push(result.TracesProcessedCount);
    token = result.NextToken;
    between?.(++pages);
    expect(pages).toBeLessThan(1000);
  } while (token !== undefined);
  return { ids, processed };
}

describe('getTraceSummaries (TraceId windows, early-stopping walk)', () => {
  const store = filledStore(200);
  const windows = [
    { StartTime: 0, EndTime: NOW },
    { StartTime: 9_003.25, EndTime: 9_010.5 },
    { StartTime: 9_010.0000004, EndTime: 9_012 },
  ];

  it.each([1, 2, 3, 7, 100, 500])('pages continue exactly where the last one stopped (page size %i)', (pageSize) => {
    for (const window of windows) {
      for (const expression of [undefined, 'fault', 'responsetime > 0.05', 'service("gateway")', 'annotation.none']) {
        const { ids, processed } = allPages(store, { ...window, FilterExpression: expression }, pageSize);
        expect(ids).toEqual(reference(store, window.StartTime, window.EndTime, expression));
        const inWindow = reference(store, window.StartTime, window.EndTime).length;
        expect(new Set(processed)).toEqual(new Set([inWindow]));
      }
    }
  });

  it('hands out a NextToken only when another match exists', () => {
    const faulty = reference(store, 0, NOW, 'fault').length;
    expect(
      getTraceSummaries(store, { StartTime: 0, EndTime: NOW, FilterExpression: 'fault' }, VIEW, faulty).NextToken,
    ).toBeUndefined();
    expect(
      getTraceSummaries(store, { StartTime: 0, EndTime: NOW, FilterExpression: 'fault' }, VIEW, faulty - 1).NextToken,
    ).toBeDefined();
  });

  it('does not repeat or skip traces already paged when newer traces arrive between pages', () => {
    const growing = filledStore(60);
    const before = reference(growing, 0, NOW);
    let n = 1000;
    const { ids } = allPages(growing, { StartTime: 0, EndTime: NOW }, 4, () => add(growing, n++, 9_100 + n));
    expect(ids).toEqual(before);
  });

  it('refuses a token whose key it did not make', () => {
    expect(() => getTraceSummaries(store, { StartTime: 0, EndTime: NOW, NextToken: 'x.y' }, VIEW, 10)).toThrow(
      /NextToken/,
    );
  });
});
