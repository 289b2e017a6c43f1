/** Deeper request bodies are refused: no Cruddur DTO nests more than a few levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * A `JSON.parse` reviver (body-parser's `reviver` option) that refuses documents nested deeper
 * than `maxDepth`. JSON.parse itself copes with any depth, but class-transformer walks bodies
 * recursively and overflows the stack at ~2,000 levels, which a 64 KB body easily reaches: a 500
 * for bad input. Thrown inside JSON.parse, the refusal is the same 400 as malformed JSON (at tens of
 * thousands of levels V8's own recursive reviver walk may throw RangeError first: also a 400).
 * The reviver sees values bottom-up, so each object's height comes from its children's.
 */
export function depthLimitedJsonReviver(
  maxDepth = MAX_JSON_DEPTH,
): (this: unknown, key: string, value: unknown) => unknown {
  const heights = new WeakMap<object, number>();
  return function revive(_key, value) {
    if (typeof value !== 'object' || value === null) return value;
    let height = 1;
    for (const child of Object.values(value)) {
      if (typeof child === 'object' && child !== null) height = Math.max(height, (heights.get(child) ?? 1) + 1);
    }
    if (height > maxDepth) throw new SyntaxError(`JSON nested deeper than ${maxDepth} levels`);
    heights.set(value, height);
    return value;
  };
}
