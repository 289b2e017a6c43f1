import type { TraceDocument } from '@cruddur/xray-contracts';

/** Why a datagram or document was refused; also the keys of {@link RejectCounters}. */
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

export type ValidationResult = { ok: true; document: TraceDocument } | { ok: false; reason: RejectReason };

/** A validated document plus the exact JSON text it came from (served back by `/Traces`). */
export type ParseResult = { ok: true; document: TraceDocument; json: string } | { ok: false; reason: RejectReason };
