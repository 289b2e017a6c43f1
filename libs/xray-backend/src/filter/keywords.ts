/**
 * The keywords of the X-Ray filter language, in the lower case the parser folds them to
 * (keywords and operators are case-insensitive; annotation keys and values are not).
 */
export const BOOLEAN_KEYWORDS = [
  'ok',
  'error',
  'throttle',
  'fault',
  'partial',
  'inferred',
  'first',
  'last',
  'remote',
  'root',
] as const;
export const NUMBER_KEYWORDS = ['responsetime', 'duration', 'http.status'] as const;
export const STRING_KEYWORDS = ['http.url', 'http.method', 'http.useragent', 'http.clientip', 'user', 'name'] as const;

export type BooleanKeyword = (typeof BOOLEAN_KEYWORDS)[number];
export type NumberKeyword = (typeof NUMBER_KEYWORDS)[number];
export type StringKeyword = (typeof STRING_KEYWORDS)[number];

export const NUMBER_OPERATORS = ['=', '!=', '<', '<=', '>', '>='] as const;
export const STRING_OPERATORS = ['=', '!=', 'contains', 'beginswith', 'endswith'] as const;
export type NumberOperator = (typeof NUMBER_OPERATORS)[number];
export type StringOperator = (typeof STRING_OPERATORS)[number];

export function isOneOf<T extends string>(values: readonly T[], text: string): text is T {
  return (values as readonly string[]).includes(text);
}
