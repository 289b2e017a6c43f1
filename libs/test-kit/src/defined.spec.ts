import { defined } from './defined';

describe('defined', () => {
  it('returns a present value, falsy ones included', () => {
    expect(defined('a', 'a letter')).toBe('a');
    expect(defined(0, 'a count')).toBe(0);
    expect(defined('', 'a string')).toBe('');
  });

  it('fails with what was expected when the value is missing', () => {
    expect(() => defined(undefined, 'the stored activity')).toThrow('expected the stored activity, got undefined');
    expect(() => defined(null, 'a parent')).toThrow('expected a parent, got null');
  });
});
