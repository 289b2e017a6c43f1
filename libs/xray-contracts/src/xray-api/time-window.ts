/** A query's StartTime / EndTime, epoch seconds as restJson1 sends timestamps. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}
