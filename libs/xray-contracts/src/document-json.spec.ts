import { documentJson } from './document-json';

describe('documentJson', () => {
  it('is JSON.stringify for plain values', () => {
    expect(documentJson({ a: [1, 'two', null] })).toBe('{"a":[1,"two",null]}');
    expect(documentJson(undefined)).toBe('null');
  });

  it('writes BigInts as strings and cuts cycles instead of throwing', () => {
    const odd: Record<string, unknown> = { n: 7n };
    odd.self = odd;
    expect(JSON.parse(documentJson({ odd }))).toEqual({ odd: { n: '7', self: '[Circular]' } });
  });
});
