import type { JsonObject } from '../api-errors/request-fields';
import { invalidRequest } from '../api-errors/xray-api-error';

/**
 * Parses a restJson1 request body. An empty body is `{}` (the SDKs send `{}`, curl users often
 * send nothing); anything that is not a JSON object is InvalidRequestException.
 */
export function parseRequestBody(text: string): JsonObject {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidRequest('Request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidRequest('Request body must be a JSON object');
  return value as JsonObject;
}
