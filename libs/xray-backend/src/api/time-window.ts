import type { TimeWindow } from '@cruddur/xray-contracts';
import { type JsonObject, requiredNumber } from '../api-errors/request-fields';
import { invalidRequest } from '../api-errors/xray-api-error';

export function parseTimeWindow(body: JsonObject, path: string): TimeWindow {
  const start = requiredNumber(body, 'StartTime', path, { min: 0 });
  const end = requiredNumber(body, 'EndTime', path, { min: 0 });
  if (end < start) throw invalidRequest('EndTime must not be before StartTime');
  return { start, end };
}
