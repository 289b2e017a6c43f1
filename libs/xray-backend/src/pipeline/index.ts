export { XRayBackend } from './xray-backend';
export type { XRayBackendOptions, BackendCounters, OpenResult } from './xray-backend';
export { SegmentIngest } from './segment-ingest';
export type { IngestOutcome } from './segment-ingest';
export type { IngestCounters } from './ingest-counters';
