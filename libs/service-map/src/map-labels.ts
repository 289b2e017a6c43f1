import type { MapStatistics } from './map-statistics';
import { formatDuration, formatPercent, formatRate } from './number-format';

/** One line for a node or edge label: "avg 12 ms · 3.0/min", plus failure shares when any. */
export function statisticsLine(stats: MapStatistics): string {
  const parts = [`avg ${formatDuration(stats.averageResponseTime)}`, formatRate(stats.perMinute)];
  if (stats.error > 0) parts.push(`${formatPercent(stats.shares.error)} error`);
  if (stats.throttle > 0) parts.push(`${formatPercent(stats.shares.throttle)} throttle`);
  if (stats.fault > 0) parts.push(`${formatPercent(stats.shares.fault)} fault`);
  return parts.join(' · ');
}

/** "1 call", "12 calls". */
export function callCount(total: number): string {
  return `${total} call${total === 1 ? '' : 's'}`;
}
