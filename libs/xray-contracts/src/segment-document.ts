// Types for X-Ray segment documents as the SDKs and the daemon send them
// (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html).
// Field names keep the wire spelling (snake_case) because the raw document is served back as-is.

export interface StackFrame {
  path?: string | null;
  /** The Node SDK writes `null` for native frames (`at TCPConnectWrap...`); X-Ray accepts it. */
  line?: number | null;
  label?: string | null;
}

export interface ExceptionDetail {
  id?: string;
  message?: string;
  type?: string;
  remote?: boolean;
  truncated?: number;
  skipped?: number;
  /** Id of the exception that caused this one (another entry's `id`). */
  cause?: string;
  stack?: StackFrame[];
}

export interface CauseDetail {
  working_directory?: string;
  paths?: string[];
  exceptions?: ExceptionDetail[];
}

/** Either full exception details or the 16-hex id of an exception recorded elsewhere in the trace. */
export type Cause = string | CauseDetail;

export interface HttpRequestData {
  method?: string;
  url?: string;
  user_agent?: string;
  client_ip?: string;
  x_forwarded_for?: boolean;
  /** Subsegments only: the downstream call went to another traced service. */
  traced?: boolean;
}

export interface HttpResponseData {
  status?: number;
  content_length?: number;
}

export interface HttpData {
  request?: HttpRequestData;
  response?: HttpResponseData;
}

/** Annotation values X-Ray indexes; keys are letters, digits and `_`. */
export type AnnotationValue = string | number | boolean;
export type Annotations = Record<string, AnnotationValue>;
/** Free-form; keys starting with `AWS.` are reserved for AWS. */
export type Metadata = Record<string, unknown>;

/** Fields shared by segments and (nested or independently sent) subsegments. */
export interface EntityFields {
  name: string;
  id: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  http?: HttpData;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: Cause;
  annotations?: Annotations;
  metadata?: Metadata;
  aws?: Record<string, unknown>;
  subsegments?: NestedSubsegment[];
}

/** A subsegment embedded in a segment's (or another subsegment's) `subsegments` array. */
export interface NestedSubsegment extends EntityFields {
  /** "remote" for downstream calls, "aws" for AWS SDK calls. */
  namespace?: string;
  precursor_ids?: string[];
  sql?: Record<string, unknown>;
}

export interface SegmentDocument extends EntityFields {
  type?: undefined;
  trace_id: string;
  parent_id?: string;
  /** AWS resource type of the service, e.g. `AWS::EC2::Instance`. */
  origin?: string;
  user?: string;
  service?: Record<string, unknown>;
}

/** A subsegment sent on its own (`type: "subsegment"`), attached to `parent_id` in the trace. */
export interface SubsegmentDocument extends NestedSubsegment {
  type: 'subsegment';
  trace_id: string;
  parent_id: string;
}

/** Any document accepted at the wire: a segment or an independently sent subsegment. */
export type TraceDocument = SegmentDocument | SubsegmentDocument;
