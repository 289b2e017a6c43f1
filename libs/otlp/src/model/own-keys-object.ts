/**
 * The prototype of the objects that hold keys chosen by senders (attributes, annotations,
 * metadata): empty, frozen and not Object.prototype, so nothing is inherited and `__proto__`,
 * `constructor` or `toString` are ordinary own keys, never a setter or an inherited value. Unlike
 * a null-prototype object (a slow dictionary-mode object in V8 from the start), an object on
 * this prototype is a fast-mode object: filling, reading and serializing it cost about a quarter.
 */
const NOTHING_INHERITED: object = Object.freeze(Object.create(null) as object);

/** An empty object whose only keys will be its own (see NOTHING_INHERITED). */
export function ownKeysObject<T extends object>(): T {
  return Object.create(NOTHING_INHERITED) as T;
}
