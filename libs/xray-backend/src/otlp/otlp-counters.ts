import type { RejectReason } from '../segments/reject-reason';

/** `otlp` in `GET /api/counters`: the OTLP/HTTP receiver since start. */
export interface OtlpCounters {
  /** Requests to the OTLP port, whatever became of them. */
  readonly requests: number;
  /** Answers by HTTP status. */
  readonly responses: Readonly<Record<string, number>>;
  readonly bytes: {
    /** As received (compressed when gzip). */
    readonly received: number;
    /** After decompression: what was decoded. */
    readonly decoded: number;
  };
  readonly spans: {
    readonly received: number;
    readonly accepted: number;
    readonly rejected: number;
    readonly rejectedByReason: Readonly<Record<RejectReason, number>>;
  };
}
