/**
 * Gives a wrapper the metadata Nest's decorators put on the handler function it wraps (route
 * path and method, message pattern, guards, pipes...), and its name: Nest reads them from
 * whatever function the class's prototype holds when it registers routes and listeners.
 */
export function keepHandlerMetadata(original: (...args: never[]) => unknown, wrapper: object): void {
  for (const key of Reflect.getMetadataKeys(original)) {
    Reflect.defineMetadata(key, Reflect.getMetadata(key, original), wrapper);
  }
  Object.defineProperty(wrapper, 'name', { value: original.name });
}
