import type { GraphService } from './xray-api/service-graph-types';
import type { TimeWindow } from './xray-api/time-window';

/**
 * The names of the services that send segments: the instrumented (`active`) nodes of the
 * daemon's service graph, which are named after the segments they count. A `Set` is one.
 */
export interface SegmentSenders {
  has(name: string): boolean;
}

/**
 * A GetServiceGraph window that holds every statistic the daemon keeps (it keeps only its
 * retention): from the epoch to 9999-12-31, the last instant AWS timestamps express, so a
 * segment from a clock running ahead still counts.
 */
export const WHOLE_GRAPH_WINDOW: TimeWindow = { start: 0, end: 253_402_300_799 };

/** The senders among a service graph's nodes: inferred nodes and the client send none. */
export function segmentSenders(services: readonly Pick<GraphService, 'Name' | 'State'>[]): ReadonlySet<string> {
  const names = new Set<string>();
  for (const service of services) if (service.State === 'active') names.add(service.Name);
  return names;
}
