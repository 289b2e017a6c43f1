import type { JsonObject } from '../api-errors/request-fields';
import { invalidRequest } from '../api-errors/xray-api-error';

/** A required list of strings (TraceIds, TraceSegmentDocuments), worded like AWS's validation errors. */
export function requiredStringList(object: JsonObject, field: string, path: string): string[] {
  const value = object[field];
  const where = `${path}.${field}`;
  if (value === undefined || value === null)
    throw invalidRequest(`Value at '${where}' failed to satisfy constraint: Member must not be null`);
  if (!Array.isArray(value))
    throw invalidRequest(`Value at '${where}' failed to satisfy constraint: Member must be a list`);
  value.forEach((item, index) => {
    if (typeof item !== 'string')
      throw invalidRequest(`Value at '${where}[${index}]' failed to satisfy constraint: Member must be a string`);
  });
  return value as string[];
}
