/**
 * Spans an exporter could not deliver, by reason, reported at most once per interval: the first
 * drop is logged at once, later ones summed into one line at the end of the interval, so an
 * unreachable endpoint under load costs one log line a minute, not one per batch.
 */
export class DroppedSpans {
  /** Total dropped since the start, for tests and counters. */
  total = 0;
  private readonly counts = new Map<string, number>();
  private lastReport = -Infinity;
  private pending?: NodeJS.Timeout;

  constructor(
    private readonly warn: (line: string) => void,
    private readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  add(reason: string, spans: number): void {
    if (spans <= 0) return;
    this.total += spans;
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + spans);
    const wait = this.lastReport + this.intervalMs - this.now();
    if (wait <= 0) this.report();
    // unref: a pending line never keeps a stopping process alive (shutdown reports it).
    else this.pending ??= setTimeout(() => this.report(), wait).unref();
  }

  /** Logs what was counted since the last line (at once: shutdown calls it too). */
  report(): void {
    if (this.pending !== undefined) clearTimeout(this.pending);
    this.pending = undefined;
    if (this.counts.size === 0) return;
    const t = this.now();
    const parts = [...this.counts].map(([reason, n]) => `${n} ${reason}`);
    const sum = [...this.counts.values()].reduce((a, b) => a + b, 0);
    const since = this.lastReport === -Infinity ? '' : ` in the last ${Math.round((t - this.lastReport) / 1000)} s`;
    this.warn(`OTLP exporter dropped ${sum} span${sum === 1 ? '' : 's'}${since}: ${parts.join('; ')}`);
    this.counts.clear();
    this.lastReport = t;
  }
}
