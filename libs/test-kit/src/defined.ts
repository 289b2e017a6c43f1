/**
 * `value`, or a failed test saying what was missing: a spec narrows a lookup's result this way
 * instead of asserting it non-null with `!` (which would fail later as a TypeError on `undefined`).
 */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, got ${value}`);
  return value;
}
