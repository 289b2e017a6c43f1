import {
  segmentSenders,
  WHOLE_GRAPH_WINDOW,
  type GraphService,
  type ServiceGraph,
  type TraceDocument,
} from '@cruddur/xray-contracts';
import { toSegmentRecord, type SegmentRecord } from '../store/segment-record';
import { TraceStore } from '../store/trace-store';
import { RANDOM_TRACE_NAMES, randomTraceDocuments, rng } from '../traces/random-trace.fixture';
import { buildServiceGraph } from './build-service-graph';
import { histogramBucket } from './response-time-histogram';
import { ServiceGraphAggregator } from './service-graph-aggregator';

const TRACE = '1-5f84c7a5-000000000000000000000001';

type Doc = Partial<TraceDocument> & { id: string; name: string };

function rec(doc: Doc, traceId = TRACE): SegmentRecord {
  const full = { trace_id: traceId, start_time: 1000, end_time: 1001, ...doc } as TraceDocument;
  return toSegmentRecord(full, JSON.stringify(full));
}

/** gateway (root) -> its subsegment "activities-call" -> activities segment; activities -> DynamoDB (uninstrumented). */
function scenario(traceId = TRACE, t = 1000): SegmentRecord[] {
  return [
    rec(
      {
        name: 'gateway',
        id: 'a000000000000001',
        origin: 'AWS::EC2::Instance',
        start_time: t,
        end_time: t + 0.5,
        subsegments: [
          {
            name: 'activities-call',
            id: 'b000000000000001',
            namespace: 'remote',
            start_time: t + 0.1,
            end_time: t + 0.4,
          },
        ],
      },
      traceId,
    ),
    rec(
      {
        name: 'activities',
        id: 'a000000000000002',
        parent_id: 'b000000000000001',
        start_time: t + 0.15,
        end_time: t + 0.35,
        http: { response: { status: 404 } },
        subsegments: [
          {
            name: 'DynamoDB',
            id: 'b000000000000002',
            namespace: 'aws',
            start_time: t + 0.2,
            end_time: t + 0.25,
            fault: true,
          },
        ],
      },
      traceId,
    ),
  ];
}

function byName(graph: { Services: GraphService[] }, name: string): GraphService {
  const found = graph.Services.find((s) => s.Name === name);
  if (found === undefined) throw new Error(`no service ${name} in ${graph.Services.map((s) => s.Name).join(',')}`);
  return found;
}

function edgeNames(graph: { Services: GraphService[] }): string[] {
  const names = new Map(graph.Services.map((s) => [s.ReferenceId, s.Name]));
  return graph.Services.flatMap((s) => s.Edges.map((e) => `${s.Name}->${names.get(e.ReferenceId)}`)).sort();
}

function aggregator(now = 1100): ServiceGraphAggregator {
  return new ServiceGraphAggregator({ retentionSeconds: 3600, clock: () => now });
}

describe('ServiceGraphAggregator', () => {
  it('builds client, services, edges via parent_id and inferred nodes in the AWS shape', () => {
    const agg = aggregator();
    for (const r of scenario()) agg.ingest(r);
    const graph: ServiceGraph = agg.graph(900, 1100);
    expect(graph.ContainsOldGroupVersions).toBe(false);
    expect(edgeNames(graph)).toEqual(['activities->DynamoDB', 'client->gateway', 'gateway->activities']);

    const client = byName(graph, 'client');
    expect(client).toMatchObject({ ReferenceId: 0, Type: 'client', State: 'unknown' });
    expect(client.SummaryStatistics).toBeUndefined();

    const gateway = byName(graph, 'gateway');
    expect(gateway).toMatchObject({
      Type: 'AWS::EC2::Instance',
      State: 'active',
      Root: true,
      Names: ['gateway'],
      StartTime: 1000,
      EndTime: 1000.5,
    });
    expect(gateway.SummaryStatistics).toEqual({
      OkCount: 1,
      ErrorStatistics: { ThrottleCount: 0, OtherCount: 0, TotalCount: 0 },
      FaultStatistics: { OtherCount: 0, TotalCount: 0 },
      TotalCount: 1,
      TotalResponseTime: 0.5,
    });
    expect(gateway.ResponseTimeHistogram).toEqual([{ Value: 0.5, Count: 1 }]);
    // The edge carries the caller's subsegment timing (0.3 s), not the callee's segment (0.2 s).
    expect(gateway.Edges[0]).toMatchObject({
      ReferenceId: byName(graph, 'activities').ReferenceId,
      SummaryStatistics: { TotalCount: 1, OkCount: 1, TotalResponseTime: 0.3 },
      Aliases: [],
    });

    const activities = byName(graph, 'activities');
    expect(activities.Type).toBeUndefined();
    expect(activities.Root).toBeUndefined();
    expect(activities.SummaryStatistics).toMatchObject({
      OkCount: 0,
      ErrorStatistics: { OtherCount: 1, TotalCount: 1 },
      TotalCount: 1,
    });

    const dynamo = byName(graph, 'DynamoDB');
    expect(dynamo).toMatchObject({
      Type: 'AWS::DynamoDB',
      State: 'unknown',
      SummaryStatistics: { FaultStatistics: { OtherCount: 1, TotalCount: 1 }, TotalCount: 1 },
    });
    expect(activities.Edges[0].SummaryStatistics.FaultStatistics.TotalCount).toBe(1);
  });

  it('ends with the same graph whatever the arrival order', () => {
    const [caller, callee] = scenario();
    const inOrder = aggregator();
    inOrder.ingest(caller);
    // Before the callee arrives the call is counted against a provisional inferred node.
    expect(edgeNames(inOrder.graph(900, 1100))).toContain('gateway->activities-call');
    inOrder.ingest(callee);
    const reversed = aggregator();
    reversed.ingest(callee);
    reversed.ingest(caller);
    expect(inOrder.graph(900, 1100)).toEqual(reversed.graph(900, 1100));
    expect(inOrder.graph(900, 1100).Services.map((s) => s.Name)).not.toContain('activities-call');
  });

  it('links a downstream segment whose parent is a plain subsegment or the segment itself', () => {
    for (const order of [0, 1]) {
      const agg = aggregator();
      const docs = [
        rec({
          name: 'gateway',
          id: 'a000000000000001',
          subsegments: [{ name: 'handler', id: 'b000000000000009', start_time: 1000, end_time: 1000.5 }],
        }),
        rec({ name: 'worker', id: 'a000000000000003', parent_id: 'b000000000000009' }),
        rec({ name: 'auditor', id: 'a000000000000004', parent_id: 'a000000000000001' }),
      ];
      for (const r of order === 0 ? docs : [...docs].reverse()) agg.ingest(r);
      expect(edgeNames(agg.graph(900, 1100))).toEqual(['client->gateway', 'gateway->auditor', 'gateway->worker']);
    }
  });

  it('names inferred nodes after remote HTTP subsegments', () => {
    const agg = aggregator();
    agg.ingest(
      rec({
        name: 'gateway',
        id: 'a000000000000001',
        subsegments: [
          {
            name: 'api.example.com',
            id: 'b000000000000001',
            start_time: 1000,
            end_time: 1000.2,
            http: { request: { url: 'https://api.example.com/x' }, response: { status: 503 } },
          },
        ],
      }),
    );
    const remote = byName(agg.graph(900, 1100), 'api.example.com');
    expect(remote).toMatchObject({
      Type: 'remote',
      State: 'unknown',
      SummaryStatistics: { FaultStatistics: { TotalCount: 1 } },
    });
  });

  it('attaches streamed subsegments that arrive before their segment', () => {
    const agg = aggregator();
    agg.ingest(
      rec({
        name: 'notifications-call',
        id: 'c000000000000001',
        type: 'subsegment',
        parent_id: 'b000000000000005',
        namespace: 'remote',
        start_time: 1000.1,
        end_time: 1000.2,
      } as Doc),
    );
    agg.ingest(
      rec({
        name: 'notifications',
        id: 'a000000000000009',
        parent_id: 'c000000000000001',
        start_time: 1000.11,
        end_time: 1000.19,
      }),
    );
    // Not a root (it has a parent), and its caller is unknown so far: a node without edges.
    expect(edgeNames(agg.graph(900, 1100))).toEqual([]);
    expect(agg.graph(900, 1100).Services.map((s) => s.Name)).toEqual(['notifications']);
    agg.ingest(
      rec({
        name: 'gateway',
        id: 'a000000000000001',
        subsegments: [{ name: 'local', id: 'b000000000000005', start_time: 1000, end_time: 1000.3 }],
      }),
    );
    expect(edgeNames(agg.graph(900, 1100))).toEqual(['client->gateway', 'gateway->notifications']);
  });

  it('counts completed documents once and in-progress ones not at all', () => {
    const agg = aggregator();
    agg.ingest(rec({ name: 'gateway', id: 'a000000000000001', end_time: undefined, in_progress: true }));
    expect(agg.graph(900, 1100).Services).toEqual([]);
    const done = rec({ name: 'gateway', id: 'a000000000000001' });
    agg.ingest(done);
    agg.ingest(done);
    expect(byName(agg.graph(900, 1100), 'gateway').SummaryStatistics?.TotalCount).toBe(1);
  });

  it('sums only the time buckets overlapping the window', () => {
    const agg = aggregator(2000);
    const trace = (n: number) => `1-5f84c7a5-00000000000000000000000${n}`;
    for (const r of scenario(trace(1), 1000)) agg.ingest(r); // bucket [960, 1020)
    for (const r of scenario(trace(2), 1130)) agg.ingest(r); // bucket [1080, 1140)
    const count = (g: ServiceGraph) => byName(g, 'gateway').SummaryStatistics?.TotalCount;
    expect(count(agg.graph(900, 2000))).toBe(2);
    expect(count(agg.graph(1100, 1200))).toBe(1);
    expect(agg.graph(1200, 1300).Services).toEqual([]);
  });

  it('drops statistics older than the retention', () => {
    let now = 1100;
    const agg = new ServiceGraphAggregator({ retentionSeconds: 300, clock: () => now });
    for (const r of scenario()) agg.ingest(r);
    now = 1500;
    expect(agg.graph(0, 2000).Services).toEqual([]);
  });
});

describe('ServiceGraphAggregator.segmentSenders', () => {
  const names = [...RANDOM_TRACE_NAMES, 'client', 'nobody'];

  it('names the active nodes of GetServiceGraph over the whole window, which is what the viewer reads', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const agg = new ServiceGraphAggregator({ retentionSeconds: 1e9, clock: () => 2000 });
      for (let n = 0; n < 1 + (seed % 4); n++) {
        const traceId = `1-5f84c7a5-${String(seed * 10 + n).padStart(24, '0')}`;
        for (const doc of randomTraceDocuments(seed * 10 + n, traceId))
          agg.ingest(toSegmentRecord(doc, JSON.stringify(doc)));
      }
      const expected = segmentSenders(agg.graph(WHOLE_GRAPH_WINDOW.start, WHOLE_GRAPH_WINDOW.end).Services);
      const senders = agg.segmentSenders();
      expect([seed, names.filter((name) => senders.has(name))]).toEqual([
        seed,
        names.filter((name) => expected.has(name)),
      ]);
    }
  });

  it('leaves out inferred callees and the client, and services whose segments are still in progress', () => {
    const agg = new ServiceGraphAggregator({ retentionSeconds: 3600, clock: () => 1100 });
    for (const r of scenario()) agg.ingest(r);
    agg.ingest(rec({ name: 'auditor', id: 'a000000000000009', end_time: undefined, in_progress: true }));
    const senders = agg.segmentSenders();
    expect(
      ['gateway', 'activities', 'activities-call', 'DynamoDB', 'client', 'auditor'].filter((n) => senders.has(n)),
    ).toEqual(['gateway', 'activities']);
  });

  it('forgets services whose statistics passed the retention', () => {
    let now = 1100;
    const agg = new ServiceGraphAggregator({ retentionSeconds: 600, clock: () => now });
    for (const r of scenario()) agg.ingest(r);
    expect(agg.segmentSenders().has('activities')).toBe(true);
    now = 1000 + 600 + 120;
    expect(agg.segmentSenders().has('activities')).toBe(false);
  });
});

describe('buildServiceGraph', () => {
  it('builds the graph of the given traces only', () => {
    const store = new TraceStore({ maxTraces: 10, maxAgeSeconds: 1e9, clock: () => 1100 });
    const other = '1-5f84c7a5-000000000000000000000002';
    for (const r of [...scenario().reverse(), rec({ name: 'lonely', id: 'a000000000000007' }, other)]) store.add(r);
    const graph = buildServiceGraph(store.getMany([TRACE]));
    expect(edgeNames(graph)).toEqual(['activities->DynamoDB', 'client->gateway', 'gateway->activities']);
    expect([graph.StartTime, graph.EndTime]).toEqual([1000, 1000.5]);
    expect(buildServiceGraph([]).Services).toEqual([]);
  });
});

describe('histogramBucket', () => {
  it('keeps two significant digits and at least 1 ms', () => {
    expect([0, 0.00042, 0.0123, 0.456, 1.234, 12.6, 0.1 + 0.2].map(histogramBucket)).toEqual([
      0, 0, 0.012, 0.46, 1.2, 13, 0.3,
    ]);
  });

  it('gives what two significant digits by log10 give, next to powers of ten too', () => {
    const byLog10 = (seconds: number) => {
      if (!(seconds > 0)) return 0;
      const step = Math.max(10 ** (Math.floor(Math.log10(seconds)) - 1), 0.001);
      return Math.round(Math.round(seconds / step) * step * 1e6) / 1e6;
    };
    const times = [Number.NaN, -1, Number.POSITIVE_INFINITY, 1e-300, 1e12];
    for (let decade = -6; decade <= 9; decade++) {
      const power = 10 ** decade;
      for (const relative of [-2e-9, -1e-9, -1e-12, -Number.EPSILON, 0, Number.EPSILON, 1e-12, 1e-9, 2e-9])
        times.push(power * (1 + relative));
    }
    const random = rng(5);
    for (let i = 0; i < 20_000; i++) times.push(10 ** (random() * 14 - 7));
    for (const seconds of times) expect([seconds, histogramBucket(seconds)]).toEqual([seconds, byLog10(seconds)]);
  });
});

describe('ServiceGraphAggregator with history (link state dropped once a trace is complete)', () => {
  const traced = (t: number, traceId: string) => [
    rec(
      {
        name: 'gateway',
        id: 'a000000000000001',
        start_time: t,
        end_time: t + 0.5,
        subsegments: [
          {
            name: 'activities',
            id: 'b000000000000001',
            namespace: 'remote',
            start_time: t + 0.1,
            end_time: t + 0.4,
            http: { request: { url: 'tcp://activities', traced: true } },
          },
        ],
      },
      traceId,
    ),
    rec(
      {
        name: 'activities',
        id: 'a000000000000002',
        parent_id: 'b000000000000001',
        start_time: t + 0.15,
        end_time: t + 0.35,
        subsegments: [
          { name: 'DynamoDB', id: 'b000000000000002', namespace: 'aws', start_time: t + 0.2, end_time: t + 0.25 },
        ],
      },
      traceId,
    ),
  ];
  const late = (traceId: string) => [
    // Parent is a plain subsegment / the root itself: nothing announces these, they come after completion.
    rec({ name: 'worker', id: 'a000000000000003', parent_id: 'b000000000000002' }, traceId),
    rec(
      {
        name: 'auditor',
        id: 'a000000000000004',
        parent_id: 'a000000000000001',
        end_time: undefined,
        in_progress: true,
      },
      traceId,
    ),
    rec({ name: 'auditor', id: 'a000000000000004', parent_id: 'a000000000000001' }, traceId),
    rec(
      {
        name: 'activities-call',
        id: 'c000000000000001',
        type: 'subsegment',
        parent_id: 'a000000000000002',
        namespace: 'remote',
        start_time: 1000.2,
        end_time: 1000.3,
      } as Doc,
      traceId,
    ),
  ];

  function permutations<T>(items: T[]): T[][] {
    if (items.length <= 1) return [items];
    return items.flatMap((item, i) =>
      permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
    );
  }

  function run(docs: SegmentRecord[], withHistory: boolean): { graph: ServiceGraph; held: number } {
    const store = new TraceStore({ maxTraces: 100, maxAgeSeconds: 1e9, clock: () => 1100 });
    const agg = new ServiceGraphAggregator({
      retentionSeconds: 3600,
      clock: () => 1100,
      history: withHistory ? (id) => store.get(id)?.segments : undefined,
    });
    for (const r of docs) {
      const outcome = store.add(r);
      if (outcome === 'added' || outcome === 'replaced') agg.ingest(r);
    }
    return { graph: agg.graph(900, 1100), held: agg.linkStateCount() };
  }

  it('gives the graph it gives without dropping, in every arrival order, late and re-sent documents included', () => {
    const [gateway, activities] = traced(1000, TRACE);
    for (const order of permutations([gateway, activities, gateway])) {
      const complete = run(order, true);
      expect(complete.held).toBe(0);
      expect(complete.graph).toEqual(run(order, false).graph);
      const withLate = [...order, ...late(TRACE), order[0]];
      expect(run(withLate, true).graph).toEqual(run(withLate, false).graph);
    }
  });

  it('keeps link state while a traced call waits for its downstream or a document is in progress', () => {
    const [gateway, activities] = traced(1000, TRACE);
    expect(run([gateway], true).held).toBe(1);
    expect(run([activities], true).held).toBe(1);
    const open = rec({ name: 'gateway', id: 'a000000000000001', end_time: undefined, in_progress: true });
    expect(run([activities, open], true).held).toBe(1);
    const many = Array.from({ length: 50 }, (_, n) =>
      traced(1000 + n, `1-5f84c7a5-${String(n).padStart(24, '0')}`),
    ).flat();
    expect(run(many, true).held).toBe(0);
  });
});
