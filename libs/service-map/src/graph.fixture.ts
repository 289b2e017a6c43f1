import type { GraphEdge, GraphService, SummaryStatistics } from '@cruddur/xray-contracts';
import type { GraphWindow } from './service-map';

/** Statistics with the given outcome counts; every call took `seconds`. */
export function summary(
  counts: { ok?: number; error?: number; throttle?: number; fault?: number },
  seconds = 0.01,
): SummaryStatistics {
  const { ok = 0, error = 0, throttle = 0, fault = 0 } = counts;
  const total = ok + error + throttle + fault;
  return {
    OkCount: ok,
    ErrorStatistics: { ThrottleCount: throttle, OtherCount: error, TotalCount: error + throttle },
    FaultStatistics: { OtherCount: fault, TotalCount: fault },
    TotalCount: total,
    TotalResponseTime: total * seconds,
  };
}

function edge(to: number, stats: SummaryStatistics): GraphEdge {
  return {
    ReferenceId: to,
    StartTime: 0,
    EndTime: 600,
    SummaryStatistics: stats,
    ResponseTimeHistogram: [{ Value: 0.01, Count: stats.TotalCount }],
    Aliases: [],
  };
}

function service(id: number, name: string, fields: Partial<GraphService>): GraphService {
  return {
    ReferenceId: id,
    Name: name,
    Names: [name],
    State: 'active',
    StartTime: 0,
    EndTime: 600,
    Edges: [],
    DurationHistogram: [],
    ResponseTimeHistogram: [],
    ...fields,
  };
}

/** client -> gateway -> activities, gateway -> `<img src=x>` (an inferred remote), over 10 minutes. */
export const CRUDDUR_GRAPH: GraphWindow = {
  StartTime: 1_700_000_000,
  EndTime: 1_700_000_600,
  Services: [
    service(0, 'client', { Type: 'client', State: 'unknown', Edges: [edge(1, summary({ ok: 15, error: 5 }, 0.02))] }),
    service(1, 'gateway', {
      Root: true,
      SummaryStatistics: summary({ ok: 15, error: 5 }, 0.02),
      ResponseTimeHistogram: [{ Value: 0.02, Count: 20 }],
      Edges: [edge(2, summary({ ok: 10 }, 0.005)), edge(3, summary({ fault: 2 }, 3))],
    }),
    service(2, 'activities', { SummaryStatistics: summary({ ok: 10 }, 0.004) }),
    service(3, '<img src=x>"', { Type: 'remote', State: 'unknown', SummaryStatistics: summary({ fault: 2 }, 3) }),
  ],
};
