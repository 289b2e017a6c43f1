import type { GraphService } from '@cruddur/xray-contracts';
import type { StoredTrace } from '../store/stored-trace';
import { GraphBuckets } from './graph-buckets';
import { TraceLinks } from './trace-links';

/**
 * The service graph of exactly these traces (GetTraceGraph, or a group's graph: pass the traces
 * that match the group's filter expression). Every trace is linked with all its documents at hand,
 * so nothing is provisional.
 */
export function buildServiceGraph(traces: Iterable<StoredTrace>): {
  StartTime: number;
  EndTime: number;
  Services: GraphService[];
} {
  // One bucket spanning all time: this graph is not windowed.
  const buckets = new GraphBuckets(Number.MAX_SAFE_INTEGER);
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const trace of traces) {
    const links = new TraceLinks(buckets);
    for (const record of trace.segments) links.ingest(record);
    if (trace.startTime < start) start = trace.startTime;
    if (trace.endTime > end) end = trace.endTime;
  }
  if (start > end) start = end = 0;
  const { Services } = buckets.graph(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  return { StartTime: start, EndTime: end, Services };
}
