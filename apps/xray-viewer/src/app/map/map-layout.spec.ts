import { buildServiceMap } from '@cruddur/service-map';
import type { GraphService } from '@cruddur/xray-contracts';
import { layoutServiceMap, NODE_WIDTH } from './map-layout';
import { outcomeRing } from './outcome-ring';

const NO_STATS = {
  OkCount: 1,
  ErrorStatistics: { ThrottleCount: 0, OtherCount: 0, TotalCount: 0 },
  FaultStatistics: { OtherCount: 0, TotalCount: 0 },
  TotalCount: 1,
  TotalResponseTime: 0.01,
};

function service(id: number, calls: number[]): GraphService {
  return {
    ReferenceId: id,
    Name: `service-${id}`,
    Names: [`service-${id}`],
    State: 'active',
    StartTime: 0,
    EndTime: 60,
    SummaryStatistics: NO_STATS,
    DurationHistogram: [],
    ResponseTimeHistogram: [],
    Edges: calls.map((to) => ({
      ReferenceId: to,
      StartTime: 0,
      EndTime: 60,
      SummaryStatistics: NO_STATS,
      ResponseTimeHistogram: [],
      Aliases: [],
    })),
  };
}

describe('layoutServiceMap', () => {
  it('puts callers left of callees', () => {
    const layout = layoutServiceMap(
      buildServiceMap({
        StartTime: 0,
        EndTime: 60,
        Services: [service(0, [1]), service(1, [2, 3]), service(2, [3]), service(3, [])],
      }),
    );
    const x = (id: number) => {
      const placed = layout.nodes.find((candidate) => candidate.node.id === id);
      if (!placed) throw new Error(`node ${id} was not placed`);
      return placed.x;
    };
    expect(x(0)).toBeLessThan(x(1));
    expect(x(1)).toBeLessThan(x(2));
    expect(x(2)).toBeLessThan(x(3));
    expect(layout.edges.every((placed) => placed.points.length >= 2)).toBe(true);
  });

  it('keeps 30 services apart (no two node boxes overlap)', () => {
    const services = Array.from({ length: 30 }, (_, id) =>
      service(id, id === 0 ? [1, 2, 3, 4, 5] : id < 25 ? [id + 5] : []),
    );
    const layout = layoutServiceMap(buildServiceMap({ StartTime: 0, EndTime: 60, Services: services }));
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a === b) continue;
        expect(Math.abs(a.x - b.x) >= NODE_WIDTH || Math.abs(a.y - b.y) >= 100).toBe(true);
      }
    }
    expect(layout.width).toBeGreaterThan(NODE_WIDTH * 5);
  });
});

describe('outcomeRing', () => {
  it('splits the circle by share, clockwise from the top', () => {
    const arcs = outcomeRing({ ok: 0.75, error: 0.25, throttle: 0, fault: 0 }, 10);
    expect(arcs.map((arc) => arc.outcome)).toEqual(['ok', 'error']);
    expect(arcs[0].path).toBe('M 0.00 -10.00 A 10 10 0 1 1 -10.00 0.00');
    expect(arcs[1].path).toBe('M -10.00 0.00 A 10 10 0 0 1 -0.00 -10.00');
  });

  it('draws a full circle for a single outcome and nothing without calls', () => {
    expect(outcomeRing({ ok: 0, error: 0, throttle: 0, fault: 1 }, 10)[0].path).toContain('A 10 10 0 1 1 0.00 10.00');
    expect(outcomeRing({ ok: 0, error: 0, throttle: 0, fault: 0 }, 10)).toEqual([]);
  });
});
