import { createHash } from 'node:crypto';
import type { GetTraceSummariesResult, TimeWindow } from '@cruddur/xray-contracts';
import { decodeNextToken, encodeNextToken, paginate } from '../api-errors/next-token';
import {
  type JsonObject,
  optionalBoolean,
  optionalNumber,
  optionalString,
  requireObject,
} from '../api-errors/request-fields';
import { invalidRequest } from '../api-errors/xray-api-error';
import { type BucketTest, compileBucketTest } from '../filter/compile-bucket-test';
import { compileFilter, type TraceFilter } from '../filter/compile-filter';
import type { StoredTrace } from '../store/stored-trace';
import type { TraceStore } from '../store/trace-store';
import { startMicros } from '../store/trace-time-index';
import { LazyTraceView } from '../traces/build-trace-view';
import { buildTraceSummary, type TraceSummaryOptions } from '../traces/trace-summary';
import { parseTimeWindow } from './time-window';

type TimeRangeType = 'TraceId' | 'Event' | 'Service';
const TIME_RANGE_TYPES: readonly string[] = ['TraceId', 'Event', 'Service'];
const PATH = 'GetTraceSummariesRequest';
/** `Sampling: true` without a strategy keeps this share of the traces. */
const DEFAULT_SAMPLING_RATE = 0.1;

/**
 * The time a trace is selected and ordered by, as AWS defines TimeRangeType: TraceId is the
 * trace's start time, Event its last update, Service the end time of its latest segment that
 * ended inside the window. Undefined means outside the window.
 */
function timeIn(trace: StoredTrace, type: TimeRangeType, { start, end }: TimeWindow): number | undefined {
  const inWindow = (time: number) => time >= start && time <= end;
  switch (type) {
    case 'TraceId':
      return inWindow(trace.startTime) ? trace.startTime : undefined;
    case 'Event':
      return inWindow(trace.lastUpdated) ? trace.lastUpdated : undefined;
    case 'Service': {
      let latest: number | undefined;
      for (const r of trace.segments)
        if (r.endTime !== undefined && inWindow(r.endTime) && (latest === undefined || r.endTime > latest))
          latest = r.endTime;
      return latest;
    }
  }
}

/** Page keys sort newest first (later time, smaller key); the trace id makes them unique. */
function pageKey(time: number, traceId: string): string {
  return `${String(9e15 - Math.round(time * 1e6)).padStart(16, '0')}/${traceId}`;
}

/** Inverse of {@link pageKey}; a key this process did not make is an invalid token. */
function parsePageKey(key: string): { micros: number; id: string } {
  const slash = key.indexOf('/');
  const digits = key.slice(0, slash);
  if (slash !== 16 || !/^[0-9]{16}$/.test(digits)) throw invalidRequest('Invalid NextToken');
  return { micros: 9e15 - Number(digits), id: key.slice(slash + 1) };
}

/** Deterministic per trace, so the same traces are sampled on every page and every call. */
function sampledIn(traceId: string, rate: number): boolean {
  return createHash('sha1').update(traceId).digest().readUInt32BE(0) / 0x1_0000_0000 < rate;
}

function parseSamplingRate(body: JsonObject): number | undefined {
  if (optionalBoolean(body, 'Sampling', PATH) !== true) return undefined;
  if (body.SamplingStrategy === undefined || body.SamplingStrategy === null) return DEFAULT_SAMPLING_RATE;
  const where = `${PATH}.SamplingStrategy`;
  const strategy = requireObject(body.SamplingStrategy, where);
  const name = optionalString(strategy, 'Name', where);
  if (name !== undefined && name !== 'PartialScan' && name !== 'FixedRate') {
    throw invalidRequest(
      `Value at '${where}.Name' failed to satisfy constraint: Member must satisfy enum value set: [PartialScan, FixedRate]`,
    );
  }
  // Everything is in memory, so a partial scan and a fixed rate both keep the given share.
  return optionalNumber(strategy, 'Value', where, { min: 0, max: 1 }) ?? DEFAULT_SAMPLING_RATE;
}

function parseTimeRangeType(body: JsonObject): TimeRangeType {
  const type = optionalString(body, 'TimeRangeType', PATH) ?? 'TraceId';
  if (!TIME_RANGE_TYPES.includes(type)) {
    throw invalidRequest(
      `Value at '${PATH}.TimeRangeType' failed to satisfy constraint: Member must satisfy enum value set: [TraceId, Event, Service]`,
    );
  }
  return type as TimeRangeType;
}

interface PageRequest {
  readonly filter: TraceFilter | undefined;
  /** The filter's test over bucket summaries: undefined when it cannot rule out a bucket. */
  readonly bucketTest: BucketTest | undefined;
  readonly rate: number | undefined;
  readonly nextToken: string | undefined;
  readonly pageSize: number;
  readonly view: TraceSummaryOptions;
}

interface SummaryPage {
  readonly items: readonly StoredTrace[];
  readonly nextToken?: string;
  /** Traces in the window, before filter and sampling. */
  readonly processed: number;
}

const SCOPE = 'GetTraceSummaries';

function selected(trace: StoredTrace, { filter, rate, view }: PageRequest): boolean {
  if (rate !== undefined && !sampledIn(trace.id, rate)) return false;
  return filter === undefined || filter(new LazyTraceView(trace, view));
}

/**
 * TraceId windows (the default): walks the start-time index newest first, which is already page
 * order, and stops once the page and one more match (to know whether to hand out a NextToken)
 * are found. Sort keys are built only for the token. A NextToken resumes right after its trace:
 * whole newer buckets are skipped by time, the rest compared as (microseconds, id) numbers.
 * The processed count comes from bucket sizes, without visiting the traces. One-second buckets
 * whose summary rules the filter out are skipped whole (`bucketTest`).
 * Measured with 1,000,000 segments held (bench/daemon-queries.js, see docs/benchmarks.md): no
 * filter 569 -> 7 ms, `responsetime > 0.05` 9.9 s -> 6 ms; an expression matching nothing over
 * the newest 100,000 traces: service()/edge() that summaries rule out 0.4-2.5 ms (Round 4, were
 * 70-120 ms), expressions they cannot (annotations, root keywords, strings) still scan: ~50 ms.
 */
function newestPageByStartTime(store: TraceStore, window: TimeWindow, request: PageRequest): SummaryPage {
  let after: { micros: number; id: string } | undefined;
  let end = window.end;
  if (request.nextToken !== undefined) {
    after = parsePageKey(decodeNextToken(SCOPE, request.nextToken));
    // Every trace at or before the token's microsecond starts before this; later buckets are skipped.
    end = Math.min(end, after.micros / 1e6 + 1e-6);
  }
  const items: StoredTrace[] = [];
  let more = false;
  for (const trace of store.inTimeRange(window.start, end, request.bucketTest)) {
    if (after !== undefined) {
      const micros = startMicros(trace);
      if (micros > after.micros || (micros === after.micros && trace.id <= after.id)) continue;
    }
    if (!selected(trace, request)) continue;
    if (items.length === request.pageSize) {
      more = true;
      break;
    }
    items.push(trace);
  }
  const processed = store.countInTimeRange(window.start, window.end);
  const last = items[items.length - 1];
  return more
    ? { items, processed, nextToken: encodeNextToken(SCOPE, pageKey(last.startTime, last.id)) }
    : { items, processed };
}

/** Event and Service windows: every trace's own times decide, so all traces are scanned and sorted. */
function pageByScan(store: TraceStore, type: TimeRangeType, window: TimeWindow, request: PageRequest): SummaryPage {
  let processed = 0;
  const matched: { key: string; trace: StoredTrace }[] = [];
  for (const trace of store.all()) {
    const time = timeIn(trace, type, window);
    if (time === undefined) continue;
    processed++;
    if (selected(trace, request)) matched.push({ key: pageKey(time, trace.id), trace });
  }
  matched.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = paginate(matched, (entry) => entry.key, SCOPE, request.nextToken, request.pageSize);
  const items = page.items.map((entry) => entry.trace);
  return page.nextToken === undefined ? { items, processed } : { items, processed, nextToken: page.nextToken };
}

/**
 * GetTraceSummaries: traces in the window, newest first, optionally filtered by a filter
 * expression and sampled, paged with NextToken. Summaries are built only for the page returned;
 * `view` says what time it is and which services send segments (for `partial`).
 */
export function getTraceSummaries(
  store: TraceStore,
  body: JsonObject,
  view: TraceSummaryOptions,
  pageSize: number,
): GetTraceSummariesResult {
  const window = parseTimeWindow(body, PATH);
  const type = parseTimeRangeType(body);
  const expression = optionalString(body, 'FilterExpression', PATH, { max: 2000 });
  const filtered = expression !== undefined && expression.trim() !== '';
  const filter: TraceFilter | undefined = filtered ? compileFilter(expression) : undefined;
  const bucketTest = filtered ? compileBucketTest(expression) : undefined;
  const rate = parseSamplingRate(body);
  const nextToken = optionalString(body, 'NextToken', PATH);

  const page =
    type === 'TraceId'
      ? newestPageByStartTime(store, window, { filter, bucketTest, rate, nextToken, pageSize, view })
      : pageByScan(store, type, window, { filter, bucketTest, rate, nextToken, pageSize, view });
  const result: GetTraceSummariesResult = {
    TraceSummaries: page.items.map((trace) => buildTraceSummary(trace, view)),
    ApproximateTime: Math.floor(view.now),
    TracesProcessedCount: page.processed,
  };
  return page.nextToken === undefined ? result : { ...result, NextToken: page.nextToken };
}
