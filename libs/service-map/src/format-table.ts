import type { MapStatistics } from './map-statistics';
import { formatDuration, formatPercent, formatRate } from './number-format';
import type { ServiceMap } from './service-map';

const HEADINGS = ['calls', 'rate', 'avg', 'error', 'throttle', 'fault'];

function statisticsCells(stats: MapStatistics): string[] {
  const { shares } = stats;
  return [
    String(stats.total),
    formatRate(stats.perMinute),
    formatDuration(stats.averageResponseTime),
    formatPercent(shares.error),
    formatPercent(shares.throttle),
    formatPercent(shares.fault),
  ];
}

/** Control characters would let a service name redraw the terminal: show them as `?`. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** Left-aligns the first column, right-aligns the numbers. */
function renderTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The map as two plain-text tables: services, then calls between them. */
export function formatMapTable(map: ServiceMap): string {
  const nodeRows = map.nodes.map((node) => [`${printable(node.name)} (${node.kind})`, ...statisticsCells(node.stats)]);
  const edgeRows = map.edges.map((edge) => [
    `${printable(edge.fromName)} -> ${printable(edge.toName)}`,
    ...statisticsCells(edge.stats),
  ]);
  const minutes = Math.round((map.endTime - map.startTime) / 60);
  return [
    `Service map, last ${minutes} min (${new Date(map.startTime * 1000).toISOString()} .. ${new Date(map.endTime * 1000).toISOString()})`,
    '',
    map.nodes.length === 0 ? 'No traces in this window.' : renderTable([['service', ...HEADINGS], ...nodeRows]),
    ...(edgeRows.length === 0 ? [] : ['', renderTable([['call', ...HEADINGS], ...edgeRows])]),
    '',
  ].join('\n');
}
