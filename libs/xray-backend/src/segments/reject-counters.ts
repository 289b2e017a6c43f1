import { REJECT_REASONS, type RejectReason } from './reject-reason';

/** Counts accepted documents and refusals by reason, for the daemon's telemetry and UI. */
export class RejectCounters {
  private accepted = 0;
  private readonly rejected = new Map<RejectReason, number>();

  recordAccepted(count = 1): void {
    this.accepted += count;
  }

  recordRejected(reason: RejectReason, count = 1): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + count);
  }

  get acceptedCount(): number {
    return this.accepted;
  }

  get rejectedCount(): number {
    let total = 0;
    for (const n of this.rejected.values()) total += n;
    return total;
  }

  /** Every reason with its count (zeros included, so dashboards have stable keys). */
  snapshot(): Record<RejectReason, number> {
    const out = {} as Record<RejectReason, number>;
    for (const reason of REJECT_REASONS) out[reason] = this.rejected.get(reason) ?? 0;
    return out;
  }
}
