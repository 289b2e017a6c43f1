import type { RejectReason } from '../segments/reject-reason';

/**
 * What happened to every document offered to the backend since start, plus what the store holds
 * now. `received = accepted + rejected + expired`; replayed documents are counted apart, so a
 * restart does not inflate the traffic figures.
 */
export interface IngestCounters {
  /** UDP datagrams plus PutTraceSegments entries. */
  readonly received: number;
  /** Valid documents that reached the store (duplicates included). */
  readonly accepted: number;
  readonly rejected: number;
  readonly rejectedByReason: Readonly<Record<RejectReason, number>>;
  /** Valid documents already older than the retention period: dropped, as they would be evicted at once. */
  readonly expired: number;
  /** Documents read back from the segment log at start. */
  readonly replayed: number;
  readonly evicted: { readonly byCount: number; readonly byAge: number };
  readonly stored: { readonly traces: number; readonly segments: number };
}
