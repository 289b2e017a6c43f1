import { invalidRequest } from './xray-api-error';

/**
 * Checked reads of fields from a parsed JSON request body. Failures are InvalidRequestException
 * worded like AWS's validation errors ("Value at 'SamplingRule.Priority' failed to satisfy
 * constraint: ..."), so a caller sees which field is wrong.
 */
export type JsonObject = Readonly<Record<string, unknown>>;

export interface StringLimits {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
}

export interface NumberLimits {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

function fail(path: string, constraint: string): never {
  throw invalidRequest(`Value at '${path}' failed to satisfy constraint: ${constraint}`);
}

export function requireObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'Member must be an object');
  return value as JsonObject;
}

export function optionalString(
  object: JsonObject,
  field: string,
  path: string,
  limits: StringLimits = {},
): string | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  const where = `${path}.${field}`;
  if (typeof value !== 'string') fail(where, 'Member must be a string');
  if (limits.min !== undefined && value.length < limits.min) {
    fail(where, `Member must have length greater than or equal to ${limits.min}`);
  }
  if (limits.max !== undefined && value.length > limits.max) {
    fail(where, `Member must have length less than or equal to ${limits.max}`);
  }
  if (limits.pattern && !limits.pattern.test(value))
    fail(where, `Member must satisfy regular expression pattern: ${limits.pattern.source}`);
  return value;
}

export function requiredString(object: JsonObject, field: string, path: string, limits: StringLimits = {}): string {
  const value = optionalString(object, field, path, limits);
  if (value === undefined) fail(`${path}.${field}`, 'Member must not be null');
  return value;
}

export function optionalNumber(
  object: JsonObject,
  field: string,
  path: string,
  limits: NumberLimits = {},
): number | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  const where = `${path}.${field}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(where, 'Member must be a number');
  if (limits.integer && !Number.isInteger(value)) fail(where, 'Member must be an integer');
  if (limits.min !== undefined && value < limits.min)
    fail(where, `Member must have value greater than or equal to ${limits.min}`);
  if (limits.max !== undefined && value > limits.max)
    fail(where, `Member must have value less than or equal to ${limits.max}`);
  return value;
}

export function requiredNumber(object: JsonObject, field: string, path: string, limits: NumberLimits = {}): number {
  const value = optionalNumber(object, field, path, limits);
  if (value === undefined) fail(`${path}.${field}`, 'Member must not be null');
  return value;
}

export function optionalBoolean(object: JsonObject, field: string, path: string): boolean | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(`${path}.${field}`, 'Member must be a boolean');
  return value;
}
