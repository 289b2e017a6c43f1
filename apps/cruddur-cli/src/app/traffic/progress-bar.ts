export interface Progress {
  readonly done: number;
  readonly total: number;
  /** Responses by status ("200", "404", ... or "failed" when no answer came). */
  readonly statuses: ReadonlyMap<string, number>;
  readonly elapsedSeconds: number;
}

/** One line: `[#########.......]  90/200  45%  200:70 404:12 422:8  4.9 req/s`. Plain text, no dependency. */
export function renderProgress(progress: Progress, width = 30): string {
  const share = progress.total === 0 ? 1 : progress.done / progress.total;
  const filled = Math.round(share * width);
  const counts = [...progress.statuses]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}:${count}`)
    .join(' ');
  const rate = progress.elapsedSeconds > 0 ? progress.done / progress.elapsedSeconds : 0;
  const digits = String(progress.total).length;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(progress.done).padStart(digits)}/${progress.total} ${String(Math.round(share * 100)).padStart(3)}%  ${counts}  ${rate.toFixed(1)} req/s`;
}
