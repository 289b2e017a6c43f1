import type { BatchGetTracesResult } from '@cruddur/xray-contracts';
import { paginate } from '../api-errors/next-token';
import { type JsonObject, optionalString } from '../api-errors/request-fields';
import type { TraceStore } from '../store/trace-store';
import { renderTrace } from '../traces/render-trace';
import { requiredStringList } from './request-lists';

/** BatchGetTraces: full traces in request order (duplicates once), paged, with unknown ids listed. */
export function batchGetTraces(store: TraceStore, body: JsonObject, pageSize: number): BatchGetTracesResult {
  const path = 'BatchGetTracesRequest';
  const traceIds = [...new Set(requiredStringList(body, 'TraceIds', path))];
  const nextToken = optionalString(body, 'NextToken', path);
  const found = store.getMany(traceIds);
  const known = new Set(found.map((trace) => trace.id));
  // Keys are request positions, zero-padded so string order is request order.
  const positions = found.map((trace, index) => ({ trace, key: String(index).padStart(10, '0') }));
  const page = paginate(positions, (entry) => entry.key, 'BatchGetTraces', nextToken, pageSize);
  const result: BatchGetTracesResult = {
    Traces: page.items.map((entry) => renderTrace(entry.trace)),
    // Reported with the first page only, so paging through does not repeat them.
    UnprocessedTraceIds: nextToken === undefined ? traceIds.filter((id) => !known.has(id)) : [],
  };
  return page.nextToken === undefined ? result : { ...result, NextToken: page.nextToken };
}
