import { depthLimitedJsonReviver, MAX_JSON_DEPTH } from './json-depth';

const nested = (depth: number) => `{"message":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)},"ttl":"1-day"}`;

describe('depthLimitedJsonReviver', () => {
  it('keeps ordinary bodies as JSON.parse gives them', () => {
    const text = '{"message":"hi","ttl":"1-day","tags":[["a"],{"b":[1,2]}],"n":null}';
    expect(JSON.parse(text, depthLimitedJsonReviver())).toEqual(JSON.parse(text));
  });

  it('accepts exactly the limit and refuses one level more, as a SyntaxError', () => {
    expect(() => JSON.parse(nested(MAX_JSON_DEPTH), depthLimitedJsonReviver())).not.toThrow();
    expect(() => JSON.parse(nested(MAX_JSON_DEPTH + 1), depthLimitedJsonReviver())).toThrow(SyntaxError);
  });

  it('makes JSON.parse throw for what a 64 KB body can nest (tens of thousands of levels)', () => {
    // V8 walks a reviver recursively, so this deep it may throw RangeError before our check: body-parser answers 400 for either.
    expect(() => JSON.parse(nested(30_000), depthLimitedJsonReviver())).toThrow();
  });
});
