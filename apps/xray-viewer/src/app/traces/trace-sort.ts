import type { TraceSummary } from '@cruddur/xray-contracts';

export type SortColumn = 'time' | 'method' | 'url' | 'status' | 'responseTime';

export interface SortOrder {
  readonly column: SortColumn;
  readonly descending: boolean;
}

const KEYS: Readonly<Record<SortColumn, (summary: TraceSummary) => string | number>> = {
  time: (summary) => summary.StartTime,
  method: (summary) => summary.Http.HttpMethod ?? '',
  url: (summary) => summary.Http.HttpURL ?? '',
  status: (summary) => summary.Http.HttpStatus ?? 0,
  responseTime: (summary) => summary.ResponseTime ?? summary.Duration,
};

/** A sorted copy; ties keep the API's order (newest first). */
export function sortSummaries(summaries: readonly TraceSummary[], order: SortOrder): TraceSummary[] {
  const key = KEYS[order.column];
  const sign = order.descending ? -1 : 1;
  return summaries
    .map((summary, index) => ({ summary, index }))
    .sort((a, b) => {
      const x = key(a.summary);
      const y = key(b.summary);
      return (x < y ? -sign : x > y ? sign : 0) || a.index - b.index;
    })
    .map(({ summary }) => summary);
}
