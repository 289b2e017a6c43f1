/**
 * Interns the repeated strings of stored records: service names, origins, namespaces, HTTP
 * methods, URLs, user agents, annotation values. JSON.parse makes a fresh copy of every string of
 * every document, so a store of 400,000 segments held millions of copies of a few hundred values.
 *
 * Bounded: once it holds `capacity` strings it starts over, so high-cardinality values (client
 * IPs, request ids) cost a lookup, never unbounded memory. Long strings are not pooled.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  constructor(
    private readonly capacity = 50_000,
    private readonly maxLength = 512,
  ) {}

  intern<T extends string | undefined>(value: T): T {
    if (value === undefined || value.length > this.maxLength) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known as T;
    if (this.strings.size >= this.capacity) this.strings.clear();
    this.strings.set(value, value);
    return value;
  }
}
