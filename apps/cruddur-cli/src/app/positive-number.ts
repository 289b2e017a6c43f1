import { UsageError } from '@cruddur/command-line';

/** A positive number option (whole when `integer`), or a UsageError naming the flag. */
export function positiveNumber(flag: string, value: string | undefined, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isSafeInteger(n))) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a positive ${integer ? 'whole ' : ''}number`);
  }
  return n;
}
