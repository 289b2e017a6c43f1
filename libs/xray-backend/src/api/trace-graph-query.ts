import type { GetTraceGraphResult } from '@cruddur/xray-contracts';
import { type JsonObject, optionalString } from '../api-errors/request-fields';
import { buildServiceGraph } from '../graph/build-service-graph';
import type { TraceStore } from '../store/trace-store';
import { requiredStringList } from './request-lists';
import { pageServices } from './service-graph-query';

/** GetTraceGraph: the service graph of the given traces; unknown ids contribute nothing. */
export function getTraceGraph(store: TraceStore, body: JsonObject, pageSize: number): GetTraceGraphResult {
  const path = 'GetTraceGraphRequest';
  const traceIds = requiredStringList(body, 'TraceIds', path);
  const nextToken = optionalString(body, 'NextToken', path);
  const page = pageServices(buildServiceGraph(store.getMany(traceIds)).Services, 'GetTraceGraph', nextToken, pageSize);
  return page.nextToken === undefined ? { Services: page.items } : { Services: page.items, NextToken: page.nextToken };
}
