import type { TimeWindow } from '@cruddur/xray-contracts';

export type RangeKey = '5m' | '15m' | '1h' | 'custom';

export const RANGE_CHOICES: readonly { readonly key: RangeKey; readonly label: string }[] = [
  { key: '5m', label: 'Last 5 minutes' },
  { key: '15m', label: 'Last 15 minutes' },
  { key: '1h', label: 'Last hour' },
  { key: 'custom', label: 'Custom…' },
];

const RANGE_SECONDS: Readonly<Record<Exclude<RangeKey, 'custom'>, number>> = { '5m': 300, '15m': 900, '1h': 3600 };

/** The time range the map and the traces list show: a sliding window, or fixed custom bounds. */
export interface TimeRange {
  readonly key: RangeKey;
  /** Epoch seconds; used when key is custom. */
  readonly customStart: number;
  readonly customEnd: number;
}

/** The window to ask the API for at `now` (epoch seconds). */
export function windowOf(range: TimeRange, now: number): TimeWindow {
  if (range.key === 'custom')
    return { start: Math.min(range.customStart, range.customEnd), end: Math.max(range.customStart, range.customEnd) };
  return { start: Math.floor(now - RANGE_SECONDS[range.key]), end: Math.ceil(now) };
}
