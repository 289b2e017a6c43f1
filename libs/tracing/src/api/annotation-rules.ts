/** X-Ray's rules for annotations: keys of letters, digits and `_`; values string, number or boolean. */
const KEY = /^[A-Za-z0-9_]{1,500}$/;
const MAX_STRING = 1000;

/** Why an annotation would be rejected by X-Ray, or undefined when it is valid. */
export function annotationProblem(key: unknown, value: unknown): string | undefined {
  if (typeof key !== 'string' || !KEY.test(key))
    return `key ${JSON.stringify(String(key)).slice(0, 80)} must be 1-500 letters, digits or _`;
  if (typeof value === 'string')
    return value.length > MAX_STRING ? `value of ${key} is longer than ${MAX_STRING} characters` : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `value of ${key} must be a finite number`;
  if (typeof value === 'boolean') return undefined;
  return `value of ${key} must be a string, number or boolean`;
}
