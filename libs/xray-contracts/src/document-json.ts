/**
 * JSON text of a segment document or a part of it (a metadata value). Metadata may hold what
 * plain JSON.stringify refuses: BigInts (written as decimal strings) and cycles (cut as
 * "[Circular]"); the fallback only runs when the plain call throws, so the common case costs
 * nothing extra.
 */
export function documentJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    const seen = new WeakSet<object>();
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (typeof v === 'object' && v !== null) {
        if (seen.has(v)) return '[Circular]';
        seen.add(v);
      }
      return v;
    });
  }
}
