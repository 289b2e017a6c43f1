import { keepHandlerMetadata } from '../handlers/keep-handler-metadata';
import { TracingService } from './tracing.service';

const tracing = new TracingService();

/**
 * Runs the decorated method in a subsegment named `name` (default: the method name).
 * Works on sync, async and observable-returning methods.
 */
export function Traced(name?: string): MethodDecorator {
  return (_target, propertyKey, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (...args: unknown[]) => unknown;
    const subsegmentName = name ?? String(propertyKey);
    descriptor.value = function traced(this: unknown, ...args: unknown[]) {
      return tracing.subsegment(subsegmentName, () => original.apply(this, args));
    };
    keepHandlerMetadata(original, descriptor.value as object);
    return descriptor;
  };
}
