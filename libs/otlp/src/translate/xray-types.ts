// TEMPORARY until @cruddur/xray-contracts lands: the segment document types.
export type {
  Annotations,
  CauseDetail,
  EntityFields,
  ExceptionDetail,
  HttpData,
  Metadata,
  NestedSubsegment,
  SegmentDocument,
  StackFrame,
  SubsegmentDocument,
  TraceDocument,
} from '@cruddur/xray-backend';
