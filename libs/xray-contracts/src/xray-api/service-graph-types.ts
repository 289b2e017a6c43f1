// GetServiceGraph / GetTraceGraph response shapes (botocore xray 2016-04-12). Timestamps are epoch
// seconds, which is how restJson1 puts them on the wire, so these serialize with plain JSON.stringify.

export interface HistogramEntry {
  Value: number;
  Count: number;
}

export interface ErrorStatistics {
  ThrottleCount: number;
  OtherCount: number;
  TotalCount: number;
}

export interface FaultStatistics {
  OtherCount: number;
  TotalCount: number;
}

/** ServiceStatistics and EdgeStatistics have the same fields. */
export interface SummaryStatistics {
  OkCount: number;
  ErrorStatistics: ErrorStatistics;
  FaultStatistics: FaultStatistics;
  TotalCount: number;
  TotalResponseTime: number;
}

export interface GraphEdge {
  /** ReferenceId of the downstream service. */
  ReferenceId: number;
  StartTime: number;
  EndTime: number;
  SummaryStatistics: SummaryStatistics;
  ResponseTimeHistogram: HistogramEntry[];
  Aliases: never[];
}

/** "active": instrumented service; "unknown": inferred downstream or the client. */
export type ServiceState = 'active' | 'unknown';

export interface GraphService {
  ReferenceId: number;
  Name: string;
  Names: string[];
  /** Set on services that received entry traffic from the client. */
  Root?: boolean;
  /** Segment `origin` (e.g. `AWS::EC2::Instance`), "client", "remote", `AWS::<name>`; absent for plain services. */
  Type?: string;
  State: ServiceState;
  StartTime: number;
  EndTime: number;
  Edges: GraphEdge[];
  /** Absent on the client node, which has no segments of its own. */
  SummaryStatistics?: SummaryStatistics;
  DurationHistogram: HistogramEntry[];
  ResponseTimeHistogram: HistogramEntry[];
}

export interface ServiceGraph {
  StartTime: number;
  EndTime: number;
  Services: GraphService[];
  ContainsOldGroupVersions: false;
}

export interface GetServiceGraphResult {
  readonly StartTime: number;
  readonly EndTime: number;
  readonly Services: readonly GraphService[];
  readonly ContainsOldGroupVersions: boolean;
  readonly NextToken?: string;
}

export interface GetTraceGraphResult {
  readonly Services: readonly GraphService[];
  readonly NextToken?: string;
}
