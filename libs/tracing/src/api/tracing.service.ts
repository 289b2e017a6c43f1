import { Injectable, Logger } from '@nestjs/common';
import { isObservable, Observable } from 'rxjs';
import { currentTrace, runInTrace } from '../context/trace-context';
import { activeTracer } from '../recorder/tracer-registry';
import type { AnnotationValue } from '@cruddur/xray-contracts';
import { annotationProblem } from './annotation-rules';

/**
 * What handler code uses to enrich the current trace: annotations (indexed, searchable),
 * metadata (any JSON) and nested subsegments. No SDK types; outside a trace, or when
 * tracing is off, every call is a no-op (with the configured context-missing behaviour).
 */
@Injectable()
export class TracingService {
  private readonly logger = new Logger('Tracing');
  private readonly warned = new Set<string>();

  /** The current trace id (`1-...`), for logs and responses. */
  traceId(): string | undefined {
    return currentTrace()?.traceId;
  }

  /** Adds an indexed annotation; an invalid one is dropped with one warning per key. */
  annotate(key: string, value: AnnotationValue): void {
    const problem = annotationProblem(key, value);
    if (problem) {
      this.warnOnce(`annotation:${String(key)}`, `annotation dropped: ${problem}`);
      return;
    }
    const target = this.target('annotate');
    target?.addAnnotation(key, value);
  }

  /** Adds metadata (not indexed) under `namespace` (default "default"; "AWS." is reserved). */
  metadata(key: string, value: unknown, namespace?: string): void {
    if (namespace?.startsWith('AWS.')) {
      this.warnOnce(`namespace:${namespace}`, `metadata dropped: namespace ${namespace} is reserved`);
      return;
    }
    const target = this.target('metadata');
    target?.addMetadata(key, value, namespace);
  }

  /**
   * Runs `fn` inside a subsegment named `name` (nestable). Works with sync functions,
   * promises and observables; an exception marks the subsegment faulted and is rethrown.
   */
  subsegment<T>(name: string, fn: () => T): T {
    const tracer = activeTracer();
    const parent = currentTrace();
    if (!tracer || !parent) {
      if (tracer && !parent) this.contextMissing('subsegment');
      return fn();
    }
    const { trace, subsegment } = tracer.startSubsegment(parent, name);
    const fail = (error: unknown) => tracer.finish(subsegment, { kind: 'fault', cause: error });
    const ok = () => tracer.finish(subsegment, { kind: 'ok' });
    let result: T;
    try {
      result = runInTrace(trace, fn);
    } catch (error) {
      fail(error);
      throw error;
    }
    if (isObservable(result)) {
      const source = result as Observable<unknown>;
      return new Observable((subscriber) => {
        const subscription = runInTrace(trace, () =>
          source.subscribe({
            next: (v) => subscriber.next(v),
            error: (e: unknown) => {
              fail(e);
              subscriber.error(e);
            },
            complete: () => {
              ok();
              subscriber.complete();
            },
          }),
        );
        return () => {
          subscription.unsubscribe();
          // The caller stopped listening (take, firstValueFrom, a timeout): close the
          // subsegment anyway, or the SDK never sends the segment it belongs to.
          ok();
        };
      }) as T;
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => {
          ok();
          return value;
        },
        (error: unknown) => {
          fail(error);
          throw error;
        },
      ) as T;
    }
    ok();
    return result;
  }

  private target(operation: string) {
    const tracer = activeTracer();
    if (!tracer) return undefined;
    const trace = currentTrace();
    if (!trace) {
      this.contextMissing(operation);
      return undefined;
    }
    return trace.current;
  }

  private contextMissing(operation: string): void {
    const strategy = activeTracer()?.config.contextMissing;
    const message = `${operation} called outside a traced request or message`;
    if (strategy === 'RUNTIME_ERROR') throw new Error(message);
    if (strategy === 'LOG_ERROR') this.warnOnce(`missing:${operation}`, message);
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key) || this.warned.size > 1000) return;
    this.warned.add(key);
    this.logger.warn(message);
  }
}
