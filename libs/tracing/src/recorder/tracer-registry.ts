import type { Tracer } from './tracer';

/**
 * The process's tracer. X-Ray (like the SDK) is process-wide: one daemon, one sampler.
 * Clients built by Nest's ClientsModule (`customClass`) and method decorators cannot be
 * injected, so they find the tracer here; undefined means tracing is off.
 */
let active: Tracer | undefined;

export function setActiveTracer(tracer: Tracer | undefined): void {
  active = tracer;
}

export function activeTracer(): Tracer | undefined {
  return active;
}
