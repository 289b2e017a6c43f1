/**
 * Splits each rule's ReservoirSize (traces a second, for all services together) among the SDK
 * clients that reported that rule recently, in proportion to the requests each reported, the
 * way X-Ray sizes quotas "based on the recent sampling results of all services". Shares are
 * rounded by largest remainder so the quotas add up to exactly ReservoirSize; ties go to the
 * busier client, then the lower ClientID, so the split is deterministic.
 *
 * A client whose share rounds to 0 gets 0. Note that the Node SDK ignores a quota of 0
 * (`if (quota)` in Reservoir.loadNewQuota): a fresh client then takes no reservoir and samples
 * at FixedRate, but one that held a quota before keeps using it. That over-samples a little
 * and is the SDK's behaviour to fix, not something to paper over here.
 */
export class ReservoirAllocator {
  /** rule -> client -> its latest report. */
  private readonly reports = new Map<string, Map<string, { requests: number; at: number }>>();

  /** @param activeWindowMs how long a client counts as active after its last report. */
  constructor(private readonly activeWindowMs: number) {}

  record(ruleName: string, clientId: string, requestCount: number, nowMs: number): void {
    let clients = this.reports.get(ruleName);
    if (!clients) this.reports.set(ruleName, (clients = new Map()));
    clients.set(clientId, { requests: requestCount, at: nowMs });
  }

  /** The client's per-second quota of `reservoirSize`; 0 if it has not reported recently. */
  quota(ruleName: string, clientId: string, reservoirSize: number, nowMs: number): number {
    const clients = this.reports.get(ruleName);
    if (!clients) return 0;
    for (const [id, report] of clients) if (nowMs - report.at > this.activeWindowMs) clients.delete(id);
    return this.split(clients, reservoirSize).get(clientId) ?? 0;
  }

  private split(clients: ReadonlyMap<string, { requests: number }>, reservoirSize: number): Map<string, number> {
    const active = [...clients].map(([id, { requests }]) => ({ id, weight: Math.max(requests, 1) }));
    const total = active.reduce((sum, client) => sum + client.weight, 0);
    const shares = active.map((client) => {
      const exact = (reservoirSize * client.weight) / total;
      return { ...client, quota: Math.floor(exact), remainder: exact - Math.floor(exact) };
    });
    let left = reservoirSize - shares.reduce((sum, share) => sum + share.quota, 0);
    const byRemainder = [...shares].sort(
      (a, b) => b.remainder - a.remainder || b.weight - a.weight || (a.id < b.id ? -1 : 1),
    );
    for (const share of byRemainder) {
      if (left <= 0) break;
      share.quota++;
      left--;
    }
    return new Map(shares.map((share) => [share.id, share.quota]));
  }
}
