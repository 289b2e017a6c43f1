import { type JsonObject, requiredNumber } from '../api-errors/request-fields';
import { invalidRequest } from '../api-errors/xray-api-error';

/** StartTime / EndTime of a query, epoch seconds as restJson1 sends timestamps. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

export function parseTimeWindow(body: JsonObject, path: string): TimeWindow {
  const start = requiredNumber(body, 'StartTime', path, { min: 0 });
  const end = requiredNumber(body, 'EndTime', path, { min: 0 });
  if (end < start) throw invalidRequest('EndTime must not be before StartTime');
  return { start, end };
}
