// Why the daemon refuses a datagram or document: the keys of `ingest.rejectedByReason` in
// GET /api/counters, and of each OTLP span's rejection.

/** Why a datagram or document was refused. */
export type RejectReason =
  | 'too_large'
  | 'no_header'
  | 'bad_header'
  | 'bad_json'
  | 'not_object'
  | 'too_deep'
  | 'forbidden_key'
  | 'bad_type'
  | 'bad_id'
  | 'bad_trace_id'
  | 'bad_parent_id'
  | 'bad_name'
  | 'bad_times'
  | 'bad_field_type';

export const REJECT_REASONS: readonly RejectReason[] = [
  'too_large',
  'no_header',
  'bad_header',
  'bad_json',
  'not_object',
  'too_deep',
  'forbidden_key',
  'bad_type',
  'bad_id',
  'bad_trace_id',
  'bad_parent_id',
  'bad_name',
  'bad_times',
  'bad_field_type',
];
