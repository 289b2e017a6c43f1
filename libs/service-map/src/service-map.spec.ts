import { mapStatistics, healthOf } from './map-statistics';
import { CRUDDUR_GRAPH, summary } from './graph.fixture';
import { buildServiceMap } from './service-map';

describe('mapStatistics', () => {
  it('splits throttles out of errors so the four shares add up to one', () => {
    const stats = mapStatistics(summary({ ok: 6, error: 2, throttle: 1, fault: 1 }, 0.5), 120);
    expect(stats).toMatchObject({
      total: 10,
      ok: 6,
      error: 2,
      throttle: 1,
      fault: 1,
      averageResponseTime: 0.5,
      perMinute: 5,
    });
    expect(stats.shares).toEqual({ ok: 0.6, error: 0.2, throttle: 0.1, fault: 0.1 });
  });

  it('has no average and zero shares without calls', () => {
    const stats = mapStatistics(summary({}), 60);
    expect(stats.averageResponseTime).toBeUndefined();
    expect(stats.shares).toEqual({ ok: 0, error: 0, throttle: 0, fault: 0 });
    expect(healthOf(stats)).toBe('idle');
  });

  it.each([
    [{ ok: 9 }, 'ok'],
    [{ ok: 9, error: 1 }, 'error'],
    [{ ok: 9, error: 1, throttle: 1 }, 'throttle'],
    [{ ok: 9, error: 5, throttle: 1, fault: 1 }, 'fault'],
  ] as const)('colours %j as %s (the worst outcome seen)', (counts, health) => {
    expect(healthOf(mapStatistics(summary(counts), 60))).toBe(health);
  });
});

describe('buildServiceMap', () => {
  const map = buildServiceMap(CRUDDUR_GRAPH);

  it('keeps every service with its kind', () => {
    expect(map.nodes.map((node) => [node.name, node.kind])).toEqual([
      ['client', 'client'],
      ['gateway', 'service'],
      ['activities', 'service'],
      ['<img src=x>"', 'inferred'],
    ]);
  });

  it('computes traces per minute over the window and the average response time', () => {
    const gateway = map.nodes[1];
    expect(gateway.stats.perMinute).toBe(2);
    expect(gateway.stats.averageResponseTime).toBeCloseTo(0.02);
    expect(gateway.health).toBe('error');
    expect(gateway.stats.shares.error).toBe(0.25);
  });

  it('gives the client the calls it made', () => {
    expect(map.nodes[0].stats.total).toBe(20);
    expect(map.nodes[0].histogram).toEqual([]);
  });

  it('turns edges into from/to pairs with their own statistics', () => {
    expect(map.edges.map((edge) => [edge.fromName, edge.toName, edge.stats.total, edge.health])).toEqual([
      ['client', 'gateway', 20, 'error'],
      ['gateway', 'activities', 10, 'ok'],
      ['gateway', '<img src=x>"', 2, 'fault'],
    ]);
  });
});
