import type { RangeKey, TimeRange } from './time-range';

/** What the pages share while the viewer is open: the time range, the group, live refresh. */
export class ViewerState {
  range: TimeRange;
  /** Undefined: all traces (the Default group). */
  groupName: string | undefined;
  live = true;

  constructor(now: number) {
    this.range = { key: '15m', customStart: Math.floor(now - 3600), customEnd: Math.floor(now) };
  }

  setRange(key: RangeKey): void {
    this.range = { ...this.range, key };
  }

  setCustom(start: number, end: number): void {
    this.range = { key: 'custom', customStart: start, customEnd: end };
  }
}
