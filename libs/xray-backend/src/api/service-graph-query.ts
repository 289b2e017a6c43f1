import type { GetServiceGraphResult, GraphService } from '@cruddur/xray-contracts';
import { paginate } from '../api-errors/next-token';
import { type JsonObject, optionalString } from '../api-errors/request-fields';
import { buildServiceGraph } from '../graph/build-service-graph';
import type { ServiceGraphAggregator } from '../graph/service-graph-aggregator';
import type { GroupRegistry } from '../groups/group-registry';
import type { StoredTrace } from '../store/stored-trace';
import type { TraceStore } from '../store/trace-store';
import { LazyTraceView } from '../traces/build-trace-view';
import { parseTimeWindow } from './time-window';

export interface ServiceGraphSources {
  readonly store: TraceStore;
  readonly graph: ServiceGraphAggregator;
  readonly groups: GroupRegistry;
}

/** Services paged by ReferenceId; every graph fits one page in practice, the token is still checked. */
export function pageServices(
  services: readonly GraphService[],
  scope: string,
  nextToken: string | undefined,
  pageSize: number,
) {
  return paginate(services, (service) => String(service.ReferenceId).padStart(10, '0'), scope, nextToken, pageSize);
}

/**
 * GetServiceGraph. Without a group, or for a group without a filter (Default), the graph comes from
 * the incremental aggregator. A group with a filter gets the graph of exactly the traces in the
 * window that match its filter expression, built on demand.
 */
export function getServiceGraph(
  sources: ServiceGraphSources,
  body: JsonObject,
  now: number,
  pageSize: number,
): GetServiceGraphResult {
  const path = 'GetServiceGraphRequest';
  const { start, end } = parseTimeWindow(body, path);
  const nextToken = optionalString(body, 'NextToken', path);
  const named =
    body.GroupName !== undefined && body.GroupName !== null
      ? true
      : body.GroupARN !== undefined && body.GroupARN !== null;
  const group = named ? sources.groups.resolve(body) : undefined;

  let services: readonly GraphService[];
  if (group === undefined || group.group.FilterExpression === undefined)
    services = sources.graph.graph(start, end).Services;
  else {
    const matching: StoredTrace[] = [];
    const view = { now, senders: sources.graph.segmentSenders() };
    for (const trace of sources.store.inTimeRange(start, end))
      if (group.matches(new LazyTraceView(trace, view))) matching.push(trace);
    services = buildServiceGraph(matching).Services;
  }
  const page = pageServices(services, 'GetServiceGraph', nextToken, pageSize);
  const result: GetServiceGraphResult = {
    StartTime: start,
    EndTime: end,
    Services: page.items,
    ContainsOldGroupVersions: false,
  };
  return page.nextToken === undefined ? result : { ...result, NextToken: page.nextToken };
}
