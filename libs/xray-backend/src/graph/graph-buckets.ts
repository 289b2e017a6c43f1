import type { GraphEdge, GraphService, ServiceGraph } from '@cruddur/xray-contracts';
import { CallStatistics, type TimedOutcome } from './call-statistics';
import { CLIENT_NODE, type ServiceNode } from './service-node';

interface EdgeEntry {
  readonly from: ServiceNode;
  readonly to: ServiceNode;
  readonly stats: CallStatistics;
}

interface GraphBucket {
  readonly nodes: Map<string, { node: ServiceNode; stats: CallStatistics }>;
  /**
   * By the caller's key, then the callee's: the keys are the nodes' own (shared) strings, hashed
   * once, where one key made of both would be a new string to build and hash on every call counted.
   */
  readonly edges: Map<string, Map<string, EdgeEntry>>;
}

/**
 * Node and edge statistics in fixed time buckets (by call start time), so a graph for any window
 * sums a handful of buckets instead of rescanning segments.
 */
export class GraphBuckets {
  private readonly buckets = new Map<number, GraphBucket>();
  /** The bucket counted into last and its start: calls come in roughly time order, mostly into one bucket. */
  private lastStart = Number.NaN;
  private lastBucket: GraphBucket | undefined;

  constructor(private readonly bucketSeconds = 60) {}

  addNode(node: ServiceNode, call: TimedOutcome, weight: 1 | -1): void {
    const nodes = this.bucketFor(call.startTime).nodes;
    let entry = nodes.get(node.key);
    if (entry === undefined) nodes.set(node.key, (entry = { node, stats: new CallStatistics() }));
    entry.stats.add(call, weight);
  }

  addEdge(from: ServiceNode, to: ServiceNode, call: TimedOutcome, weight: 1 | -1): void {
    const edges = this.bucketFor(call.startTime).edges;
    let fromEdges = edges.get(from.key);
    if (fromEdges === undefined) edges.set(from.key, (fromEdges = new Map()));
    let entry = fromEdges.get(to.key);
    if (entry === undefined) fromEdges.set(to.key, (entry = { from, to, stats: new CallStatistics() }));
    entry.stats.add(call, weight);
  }

  /** Drops buckets that end before `time` (epoch seconds). */
  pruneBefore(time: number): void {
    this.lastStart = Number.NaN;
    this.lastBucket = undefined;
    for (const start of this.buckets.keys()) if (start + this.bucketSeconds <= time) this.buckets.delete(start);
  }

  /** The graph of every bucket overlapping [start, end]. */
  graph(start: number, end: number): ServiceGraph {
    const nodes = new Map<string, { node: ServiceNode; stats: CallStatistics }>();
    const edges = new Map<string, EdgeEntry>();
    for (const [bucketStart, bucket] of this.buckets) {
      if (bucketStart > end || bucketStart + this.bucketSeconds <= start) continue;
      for (const [key, entry] of bucket.nodes) {
        let sum = nodes.get(key);
        if (sum === undefined) nodes.set(key, (sum = { node: entry.node, stats: new CallStatistics() }));
        entry.stats.mergeInto(sum.stats);
      }
      for (const fromEdges of bucket.edges.values()) {
        for (const entry of fromEdges.values()) {
          const key = `${entry.from.key}\u0001${entry.to.key}`;
          let sum = edges.get(key);
          if (sum === undefined)
            edges.set(key, (sum = { from: entry.from, to: entry.to, stats: new CallStatistics() }));
          entry.stats.mergeInto(sum.stats);
        }
      }
    }
    return { StartTime: start, EndTime: end, Services: toServices(nodes, edges), ContainsOldGroupVersions: false };
  }

  /**
   * The names of the instrumented services (`active` nodes) of the graph of every bucket, as
   * {@link graph} would list them, without summing statistics. A service node is only ever
   * counted up, and a provisional edge is taken back in the bucket it was counted in, so a count
   * above 0 in some bucket is a count above 0 in the sum.
   */
  serviceNames(): Set<string> {
    const names = new Set<string>();
    const add = (node: ServiceNode) => {
      if (node.kind === 'service') names.add(node.name);
    };
    for (const bucket of this.buckets.values()) {
      for (const entry of bucket.nodes.values()) if (entry.stats.totalCount > 0) add(entry.node);
      for (const fromEdges of bucket.edges.values()) {
        for (const entry of fromEdges.values()) {
          if (entry.stats.totalCount <= 0) continue;
          add(entry.from);
          add(entry.to);
        }
      }
    }
    return names;
  }

  private bucketFor(time: number): GraphBucket {
    const start = Math.floor(time / this.bucketSeconds) * this.bucketSeconds;
    if (start === this.lastStart && this.lastBucket !== undefined) return this.lastBucket;
    let bucket = this.buckets.get(start);
    if (bucket === undefined) this.buckets.set(start, (bucket = { nodes: new Map(), edges: new Map() }));
    this.lastStart = start;
    this.lastBucket = bucket;
    return bucket;
  }
}

/** Shapes summed statistics as GetServiceGraph Services, dropping anything whose count went back to 0. */
function toServices(
  nodeStats: Map<string, { node: ServiceNode; stats: CallStatistics }>,
  edgeStats: Map<string, EdgeEntry>,
): GraphService[] {
  const liveEdges = [...edgeStats.values()].filter((e) => e.stats.totalCount > 0);
  const nodes = new Map<string, ServiceNode>();
  for (const { node, stats } of nodeStats.values()) if (stats.totalCount > 0) nodes.set(node.key, node);
  for (const { from, to } of liveEdges) {
    nodes.set(from.key, from);
    nodes.set(to.key, to);
  }
  // Deterministic reference ids: client first, then by key.
  const ordered = [...nodes.values()].sort((a, b) =>
    a === CLIENT_NODE ? -1 : b === CLIENT_NODE ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  const refIds = new Map(ordered.map((node, i) => [node.key, i]));
  const roots = new Set(liveEdges.filter((e) => e.from.kind === 'client').map((e) => e.to.key));

  return ordered.map((node): GraphService => {
    const own = nodeStats.get(node.key)?.stats;
    const edges = liveEdges.filter((e) => e.from.key === node.key);
    const times =
      own !== undefined && own.totalCount > 0
        ? own
        : spanOf(
            edges.map((e) => e.stats),
            liveEdges.filter((e) => e.to.key === node.key).map((e) => e.stats),
          );
    const histogram = own?.responseTimeHistogram() ?? [];
    const service: GraphService = {
      ReferenceId: refIds.get(node.key) ?? 0,
      Name: node.name,
      Names: [node.name],
      State: node.kind === 'service' ? 'active' : 'unknown',
      StartTime: times.startTime,
      EndTime: times.endTime,
      Edges: edges.map((e): GraphEdge => ({
        ReferenceId: refIds.get(e.to.key) ?? 0,
        StartTime: e.stats.startTime,
        EndTime: e.stats.endTime,
        SummaryStatistics: e.stats.summary(),
        ResponseTimeHistogram: e.stats.responseTimeHistogram(),
        Aliases: [],
      })),
      // A segment's duration and response time are the same span; the SDKs record nothing else per node.
      DurationHistogram: histogram,
      ResponseTimeHistogram: histogram,
    };
    if (node.type !== undefined) service.Type = node.type;
    if (roots.has(node.key)) service.Root = true;
    if (node.kind !== 'client') service.SummaryStatistics = (own ?? new CallStatistics()).summary();
    return service;
  });
}

function spanOf(...groups: CallStatistics[][]): { startTime: number; endTime: number } {
  const span = new CallStatistics();
  for (const group of groups) for (const stats of group) stats.mergeInto(span);
  return span;
}
