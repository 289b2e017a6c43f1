import { ownKeysObject } from './own-keys-object';

describe('ownKeysObject', () => {
  it('inherits nothing: no Object.prototype members, no __proto__ setter', () => {
    const map = ownKeysObject<Record<string, unknown>>();
    expect('toString' in map).toBe(false);
    expect('constructor' in map).toBe(false);
    expect(map['__proto__']).toBeUndefined();
    map['__proto__'] = { polluted: true };
    map['constructor'] = 'c';
    expect(Object.keys(map)).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(map, '__proto__')).toBe(true);
    expect((map as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.stringify(map)).toBe('{"__proto__":{"polluted":true},"constructor":"c"}');
  });

  it('for...in and Object.assign see only own keys', () => {
    const map = Object.assign(ownKeysObject<Record<string, number>>(), JSON.parse('{"__proto__":1,"a":2}'));
    const keys: string[] = [];
    for (const key in map) keys.push(key);
    expect(keys).toEqual(['__proto__', 'a']);
  });

  it('the shared prototype cannot be changed through a map', () => {
    const map = ownKeysObject<Record<string, unknown>>();
    expect(() => Object.defineProperty(Object.getPrototypeOf(map), 'x', { value: 1 })).toThrow(TypeError);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(map))).toBeNull();
  });
});
