import type { RejectReason, TraceDocument } from '@cruddur/xray-contracts';
import type { DocumentText } from './document-text';

// The reasons are a wire contract (the counters' keys), defined with the datagram format; the results are the parser's.
export { REJECT_REASONS, type RejectReason } from '@cruddur/xray-contracts';

export type ValidationResult = { ok: true; document: TraceDocument } | { ok: false; reason: RejectReason };

/** A validated document plus the exact JSON text it came from (served back by `/Traces`). */
export type ParseResult =
  { ok: true; document: TraceDocument; json: DocumentText } | { ok: false; reason: RejectReason };
