import { type MapStatistics, formatDuration, formatPercent, formatRate } from '@cruddur/service-map';
import { el } from '../dom/element';
import { edgeFilter, serviceFilter } from '../filter/filter-literal';
import { routeHash } from '../shell/route';
import { histogramChart } from './histogram-chart';
import type { MapSelection } from './service-map-svg';

function statisticsTable(stats: MapStatistics): HTMLTableElement {
  const row = (label: string, value: string, outcome?: string) =>
    el(
      'tr',
      {},
      el(
        'th',
        { scope: 'row' },
        outcome === undefined ? label : el('span', { class: `swatch outcome-${outcome}` }),
        outcome === undefined ? undefined : label,
      ),
      el('td', {}, value),
    );
  const count = (n: number, share: number) => `${n} (${formatPercent(share)})`;
  return el(
    'table',
    { class: 'stats' },
    el(
      'tbody',
      {},
      row('Calls', String(stats.total)),
      row('Rate', formatRate(stats.perMinute)),
      row('Average response time', formatDuration(stats.averageResponseTime)),
      row('OK', count(stats.ok, stats.shares.ok), 'ok'),
      row('Errors (4xx)', count(stats.error, stats.shares.error), 'error'),
      row('Throttled (429)', count(stats.throttle, stats.shares.throttle), 'throttle'),
      row('Faults (5xx)', count(stats.fault, stats.shares.fault), 'fault'),
    ),
  );
}

/** The side panel for a clicked node or edge: statistics, histogram, and its traces. */
export function selectionDetails(selection: MapSelection): HTMLElement {
  if (selection.kind === 'node') {
    const { node } = selection;
    return el(
      'section',
      { class: 'details', 'data-selected': node.name },
      el('h2', {}, node.name),
      el(
        'p',
        { class: 'muted' },
        node.kind === 'client'
          ? 'Callers outside the traced services'
          : node.kind === 'inferred'
            ? `Inferred from calls (${node.type ?? 'remote'}): not instrumented`
            : `Service${node.type === undefined ? '' : ` · ${node.type}`}`,
      ),
      statisticsTable(node.stats),
      el('h3', {}, 'Response time distribution'),
      histogramChart(node.histogram),
      node.kind === 'client'
        ? undefined
        : el(
            'a',
            { class: 'button', href: routeHash({ page: 'traces', filter: serviceFilter(node.name) }) },
            'View traces',
          ),
    );
  }
  const { edge } = selection;
  return el(
    'section',
    { class: 'details', 'data-selected': `${edge.fromName} -> ${edge.toName}` },
    el('h2', {}, edge.fromName, el('span', { class: 'arrow-text' }, ' → '), edge.toName),
    el('p', { class: 'muted' }, 'Calls as the caller saw them'),
    statisticsTable(edge.stats),
    el('h3', {}, 'Response time distribution'),
    histogramChart(edge.histogram),
    el(
      'a',
      { class: 'button', href: routeHash({ page: 'traces', filter: edgeFilter(edge.fromName, edge.toName) }) },
      'View traces',
    ),
  );
}
