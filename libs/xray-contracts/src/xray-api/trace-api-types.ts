// BatchGetTraces / GetTraceSummaries item shapes (botocore xray 2016-04-12). Timestamps are epoch
// seconds, as restJson1 puts them on the wire.

export interface ServiceId {
  Name: string;
  Names: string[];
  Type?: string;
}

export type AnnotationValueMember = { StringValue: string } | { NumberValue: number } | { BooleanValue: boolean };

export interface ValueWithServiceIds {
  AnnotationValue: AnnotationValueMember;
  ServiceIds: ServiceId[];
}

export interface TraceUser {
  UserName: string;
  ServiceIds: ServiceId[];
}

export interface TraceHttp {
  HttpURL?: string;
  HttpStatus?: number;
  HttpMethod?: string;
  UserAgent?: string;
  ClientIp?: string;
}

export interface TraceSummary {
  Id: string;
  StartTime: number;
  Duration: number;
  ResponseTime?: number;
  HasFault: boolean;
  HasError: boolean;
  HasThrottle: boolean;
  IsPartial: boolean;
  Http: TraceHttp;
  Annotations: Record<string, ValueWithServiceIds[]>;
  Users: TraceUser[];
  ServiceIds: ServiceId[];
  EntryPoint?: ServiceId;
  Revision: number;
  MatchedEventTime: number;
}

export interface TraceSegment {
  Id: string;
  /** The segment document as JSON text, streamed subsegments merged in. */
  Document: string;
}

export interface Trace {
  Id: string;
  Duration: number;
  LimitExceeded: false;
  Segments: TraceSegment[];
}

export interface GetTraceSummariesResult {
  readonly TraceSummaries: TraceSummary[];
  /** Epoch seconds the results are valid for. */
  readonly ApproximateTime: number;
  /** Traces in the time window, before filter and sampling. */
  readonly TracesProcessedCount: number;
  readonly NextToken?: string;
}

export interface BatchGetTracesResult {
  readonly Traces: Trace[];
  /** Requested ids that are not stored (never received, or evicted). */
  readonly UnprocessedTraceIds: string[];
  readonly NextToken?: string;
}

export interface UnprocessedTraceSegment {
  readonly Id?: string;
  readonly ErrorCode: string;
  readonly Message: string;
}

export interface PutTraceSegmentsResult {
  readonly UnprocessedTraceSegments: UnprocessedTraceSegment[];
}
