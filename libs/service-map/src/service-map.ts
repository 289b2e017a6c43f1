import type { GraphService, HistogramEntry, SummaryStatistics } from '@cruddur/xray-contracts';
import { addSummaries, type MapStatistics, mapStatistics, type Health, healthOf, NO_CALLS } from './map-statistics';

export type MapNodeKind = 'client' | 'service' | 'inferred';

export interface MapNode {
  /** The API's ReferenceId: stable within one graph, never derived from the (untrusted) name. */
  readonly id: number;
  readonly name: string;
  readonly type: string | undefined;
  readonly kind: MapNodeKind;
  readonly stats: MapStatistics;
  readonly health: Health;
  readonly histogram: readonly HistogramEntry[];
}

export interface MapEdge {
  readonly from: number;
  readonly to: number;
  readonly fromName: string;
  readonly toName: string;
  readonly stats: MapStatistics;
  readonly health: Health;
  readonly histogram: readonly HistogramEntry[];
}

export interface ServiceMap {
  readonly startTime: number;
  readonly endTime: number;
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
}

/** The window the API answered for, in epoch seconds. */
export interface GraphWindow {
  readonly StartTime: number;
  readonly EndTime: number;
  readonly Services: readonly GraphService[];
}

function kindOf(service: GraphService): MapNodeKind {
  if (service.Type === 'client') return 'client';
  return service.State === 'active' ? 'service' : 'inferred';
}

/**
 * GetServiceGraph's answer as the map draws it. Node statistics are the service's own segments;
 * the client has none, so it shows the calls it made (the sum of its edges), as X-Ray does.
 * Rates are per minute of the graph's window.
 */
export function buildServiceMap(graph: GraphWindow): ServiceMap {
  const window = graph.EndTime - graph.StartTime;
  const names = new Map(graph.Services.map((service) => [service.ReferenceId, service.Name]));
  const nodes = graph.Services.map((service): MapNode => {
    const kind = kindOf(service);
    const summary: SummaryStatistics =
      service.SummaryStatistics ??
      service.Edges.reduce((sum, edge) => addSummaries(sum, edge.SummaryStatistics), NO_CALLS);
    const stats = mapStatistics(summary, window);
    const histogram = kind === 'client' ? [] : service.ResponseTimeHistogram;
    return {
      id: service.ReferenceId,
      name: service.Name,
      type: service.Type,
      kind,
      stats,
      health: healthOf(stats),
      histogram,
    };
  });
  const edges = graph.Services.flatMap((service) =>
    service.Edges.filter((edge) => names.has(edge.ReferenceId)).map((edge): MapEdge => {
      const stats = mapStatistics(edge.SummaryStatistics, window);
      return {
        from: service.ReferenceId,
        to: edge.ReferenceId,
        fromName: service.Name,
        toName: names.get(edge.ReferenceId) ?? '',
        stats,
        health: healthOf(stats),
        histogram: edge.ResponseTimeHistogram,
      };
    }),
  );
  return { startTime: graph.StartTime, endTime: graph.EndTime, nodes, edges };
}
