import { createHash } from 'node:crypto';
import { paginate } from '../api-errors/next-token';
import { type JsonObject, optionalBoolean, optionalNumber, optionalString, requireObject } from '../api-errors/request-fields';
import { invalidRequest } from '../api-errors/xray-api-error';
import { compileFilter, type TraceFilter } from '../filter/compile-filter';
import type { StoredTrace } from '../store/stored-trace';
import type { TraceStore } from '../store/trace-store';
import { buildTraceView } from '../traces/build-trace-view';
import type { TraceSummary } from '../traces/trace-api-types';
import { buildTraceSummary } from '../traces/trace-summary';
import { parseTimeWindow, type TimeWindow } from './time-window';

export interface GetTraceSummariesResult {
  readonly TraceSummaries: TraceSummary[];
  /** Epoch seconds the results are valid for. */
  readonly ApproximateTime: number;
  /** Traces in the time window, before filter and sampling. */
  readonly TracesProcessedCount: number;
  readonly NextToken?: string;
}

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
      for (const r of trace.segments) if (r.endTime !== undefined && inWindow(r.endTime) && (latest === undefined || r.endTime > latest)) latest = r.endTime;
      return latest;
    }
  }
}

/** Page keys sort newest first (later time, smaller key); the trace id makes them unique. */
function pageKey(time: number, traceId: string): string {
  return `${String(9e15 - Math.round(time * 1e6)).padStart(16, '0')}/${traceId}`;
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
    throw invalidRequest(`Value at '${where}.Name' failed to satisfy constraint: Member must satisfy enum value set: [PartialScan, FixedRate]`);
  }
  // Everything is in memory, so a partial scan and a fixed rate both keep the given share.
  return optionalNumber(strategy, 'Value', where, { min: 0, max: 1 }) ?? DEFAULT_SAMPLING_RATE;
}

function parseTimeRangeType(body: JsonObject): TimeRangeType {
  const type = optionalString(body, 'TimeRangeType', PATH) ?? 'TraceId';
  if (!TIME_RANGE_TYPES.includes(type)) {
    throw invalidRequest(`Value at '${PATH}.TimeRangeType' failed to satisfy constraint: Member must satisfy enum value set: [TraceId, Event, Service]`);
  }
  return type as TimeRangeType;
}

/**
 * GetTraceSummaries: traces in the window, newest first, optionally filtered by a filter
 * expression and sampled, paged with NextToken. Summaries are built only for the page returned.
 */
export function getTraceSummaries(store: TraceStore, body: JsonObject, now: number, pageSize: number): GetTraceSummariesResult {
  const window = parseTimeWindow(body, PATH);
  const type = parseTimeRangeType(body);
  const expression = optionalString(body, 'FilterExpression', PATH, { max: 2000 });
  const filter: TraceFilter | undefined = expression === undefined || expression.trim() === '' ? undefined : compileFilter(expression);
  const rate = parseSamplingRate(body);
  const nextToken = optionalString(body, 'NextToken', PATH);

  // TraceId windows use the start-time index; the other kinds need every trace's own times.
  const candidates = type === 'TraceId' ? store.inTimeRange(window.start, window.end) : store.all();
  let processed = 0;
  const matched: { key: string; trace: StoredTrace }[] = [];
  for (const trace of candidates) {
    const time = timeIn(trace, type, window);
    if (time === undefined) continue;
    processed++;
    if (rate !== undefined && !sampledIn(trace.id, rate)) continue;
    if (filter !== undefined && !filter(buildTraceView(trace, { now }))) continue;
    matched.push({ key: pageKey(time, trace.id), trace });
  }
  matched.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = paginate(matched, (entry) => entry.key, 'GetTraceSummaries', nextToken, pageSize);
  const result: GetTraceSummariesResult = {
    TraceSummaries: page.items.map(({ trace }) => buildTraceSummary(trace, { now })),
    ApproximateTime: Math.floor(now),
    TracesProcessedCount: processed,
  };
  return page.nextToken === undefined ? result : { ...result, NextToken: page.nextToken };
}
