import type { AttributeMap } from '../model/otlp-span';

/**
 * A span's attributes while they are translated: each rule reads the keys it maps (first present
 * wins, so new semantic-convention names can go before old ones) and marks what it turned into a
 * document field, so the rest can go to `metadata.default` without repeating it.
 */
export class SpanAttributes {
  private readonly used = new Set<string>();

  constructor(readonly all: AttributeMap) {}

  /** The first of `keys` holding a non-empty string, not marked used (it stays in metadata). */
  peekString(...keys: string[]): string | undefined {
    const key = this.firstStringKey(keys);
    return key === undefined ? undefined : (this.all[key] as string);
  }

  /** The first of `keys` holding a non-empty string, marked used. */
  string(...keys: string[]): string | undefined {
    const key = this.firstStringKey(keys);
    if (key === undefined) return undefined;
    this.used.add(key);
    return this.all[key] as string;
  }

  /** The first of `keys` holding a finite number or an integer string, marked used. */
  integer(...keys: string[]): number | undefined {
    for (const key of keys) {
      const value = this.all[key];
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && /^\d{1,15}$/.test(value)
            ? Number(value)
            : undefined;
      if (n !== undefined && Number.isInteger(n)) {
        this.used.add(key);
        return n;
      }
    }
    return undefined;
  }

  /** The boolean under `key`, marked used; undefined when absent or not a boolean. */
  flag(key: string): boolean | undefined {
    const value = this.all[key];
    if (typeof value !== 'boolean') return undefined;
    this.used.add(key);
    return value;
  }

  markUsed(key: string): void {
    this.used.add(key);
  }

  isUsed(key: string): boolean {
    return this.used.has(key);
  }

  private firstStringKey(keys: readonly string[]): string | undefined {
    for (const key of keys) {
      const value = this.all[key];
      if (typeof value === 'string' && value !== '') return key;
    }
    return undefined;
  }
}
