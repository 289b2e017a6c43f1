import { formatDuration } from '@cruddur/service-map';
import type { TraceSummary } from '@cruddur/xray-contracts';
import { ApiError } from '../api/api-error';
import type { TimeWindow } from '@cruddur/xray-contracts';
import type { XRayApi } from '../api/xray-api';
import { el } from '../dom/element';
import { errorBanner } from '../shell/error-banner';
import type { Page } from '../shell/page';
import { rangePicker } from '../shell/range-picker';
import { routeHash } from '../shell/route';
import { windowOf } from '../shell/time-range';
import type { ViewerState } from '../shell/viewer-state';
import { filterBox } from './filter-box';
import { type SortColumn, type SortOrder, sortSummaries } from './trace-sort';

const COLUMNS: readonly { readonly label: string; readonly column?: SortColumn }[] = [
  { label: 'Trace' },
  { label: 'Time', column: 'time' },
  { label: 'Method', column: 'method' },
  { label: 'URL', column: 'url' },
  { label: 'Status', column: 'status' },
  { label: 'Response time', column: 'responseTime' },
  { label: 'Services' },
];

function outcomeClass(summary: TraceSummary): string {
  if (summary.HasFault) return 'outcome-fault';
  if (summary.HasThrottle) return 'outcome-throttle';
  if (summary.HasError) return 'outcome-error';
  return 'outcome-ok';
}

function summaryRow(summary: TraceSummary): HTMLTableRowElement {
  const href = routeHash({ page: 'trace', traceId: summary.Id });
  return el(
    'tr',
    { 'data-trace-id': summary.Id },
    el(
      'td',
      { class: 'mono' },
      el('a', { href }, summary.Id),
      summary.IsPartial
        ? el('span', { class: 'badge partial', title: 'Some segments of this trace have not arrived' }, 'partial')
        : undefined,
    ),
    el('td', {}, new Date(summary.StartTime * 1000).toLocaleTimeString()),
    el('td', {}, summary.Http.HttpMethod ?? ''),
    el('td', { class: 'url' }, summary.Http.HttpURL ?? ''),
    el(
      'td',
      {},
      el(
        'span',
        { class: `status ${outcomeClass(summary)}` },
        summary.Http.HttpStatus === undefined ? '-' : String(summary.Http.HttpStatus),
      ),
    ),
    el('td', { class: 'number' }, formatDuration(summary.ResponseTime ?? summary.Duration)),
    el('td', {}, summary.ServiceIds.map((service) => service.Name).join(', ')),
  );
}

/** Trace summaries for the time range, filtered by an expression, sortable, paged by NextToken. */
export function tracesPage(
  api: XRayApi,
  state: ViewerState,
  initialFilter: string,
  onFilter: (expression: string) => void,
): Page {
  let expression = initialFilter;
  let summaries: TraceSummary[] = [];
  let nextToken: string | undefined;
  let window: TimeWindow = windowOf(state.range, Date.now() / 1000);
  let order: SortOrder = { column: 'time', descending: true };
  let generation = 0;

  const body = el('tbody');
  const count = el('span', { class: 'status muted', 'aria-live': 'polite' });
  const more = el('button', { type: 'button', hidden: true }, 'Load more');
  const problems = el('div');
  const headerCells = COLUMNS.map(({ label, column }) => {
    if (column === undefined) return el('th', { scope: 'col' }, label);
    const button = el('button', { type: 'button', class: 'sort' }, label);
    button.addEventListener('click', () => {
      order = {
        column,
        descending: order.column === column ? !order.descending : column === 'time' || column === 'responseTime',
      };
      render();
    });
    return el('th', { scope: 'col', 'data-column': column }, button);
  });

  const render = () => {
    body.replaceChildren(...sortSummaries(summaries, order).map(summaryRow));
    for (const cell of headerCells) {
      const column = cell.getAttribute('data-column');
      cell.setAttribute(
        'aria-sort',
        column === order.column ? (order.descending ? 'descending' : 'ascending') : 'none',
      );
    }
    count.textContent =
      summaries.length === 0
        ? 'No traces match.'
        : `${summaries.length} trace${summaries.length === 1 ? '' : 's'}${nextToken === undefined ? '' : ' (more available)'}`;
    more.hidden = nextToken === undefined;
  };

  const box = filterBox(expression, (submitted) => {
    onFilter(submitted);
    expression = submitted;
    void load(false);
  });

  /** First page (fresh window), or the next page of the same query. */
  const load = async (nextPage: boolean) => {
    const mine = ++generation;
    if (!nextPage) window = windowOf(state.range, Date.now() / 1000);
    try {
      const result = await api.traceSummaries(window, expression, nextPage ? nextToken : undefined);
      if (mine !== generation) return;
      box.clearError();
      problems.replaceChildren();
      summaries = nextPage ? [...summaries, ...result.TraceSummaries] : result.TraceSummaries;
      nextToken = result.NextToken;
      render();
    } catch (error) {
      if (mine !== generation) return;
      summaries = [];
      nextToken = undefined;
      render();
      count.textContent = '';
      if (error instanceof ApiError && error.type === 'InvalidRequestException')
        box.showError(expression, error.message);
      else problems.replaceChildren(errorBanner(error));
    }
  };
  more.addEventListener('click', () => void load(true));
  const refreshButton = el('button', { type: 'button' }, 'Refresh');
  refreshButton.addEventListener('click', () => void load(false));

  const element = el(
    'div',
    { class: 'page traces-page' },
    el(
      'div',
      { class: 'toolbar' },
      rangePicker(state, () => void load(false)),
      refreshButton,
      count,
    ),
    box.element,
    problems,
    el(
      'div',
      { class: 'table-wrap' },
      el('table', { class: 'traces' }, el('thead', {}, el('tr', {}, ...headerCells)), body),
    ),
    more,
  );
  void load(false);
  return { element, destroy: () => void generation++ };
}
