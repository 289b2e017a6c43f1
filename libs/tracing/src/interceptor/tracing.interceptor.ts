import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { currentTrace, incomingPacketContext, runInTrace } from '../context/trace-context';
import { recordException } from '../http/recorded-exception';
import { activeTracer } from '../recorder/tracer-registry';
import { completionOfRpcError } from '../rpc/rpc-completion';

/**
 * The global tracing interceptor. HTTP: the segment is already open (middleware); this
 * keeps the handler's exception for the segment's `cause`. Microservice messages and
 * events: opens the service's segment, continuing the caller's trace from the packet
 * metadata (a caller that sent none starts a new trace), and closes it with the outcome.
 */
@Injectable()
export class TracingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const tracer = activeTracer();
    if (!tracer) return next.handle();
    if (context.getType() === 'http') {
      // Only a sampled request's segment records the handler's exception.
      if (!currentTrace()?.segment) return next.handle();
      const res = context.switchToHttp().getResponse<object>();
      return next.handle().pipe(tap({ error: (error: unknown) => recordException(res, error) }));
    }
    if (context.getType() !== 'rpc') return next.handle();

    const pattern = patternOf(context);
    const trace = tracer.startSegment({
      name: tracer.config.serviceName,
      incoming: incomingPacketContext(),
      // Internal hops follow the caller: the edge decided.
      trustSampling: true,
      sampleRequest: { serviceName: tracer.config.serviceName, urlPath: pattern },
    });
    const segment = trace.segment;
    // Unsampled: nothing to record, only the context for calls the handler makes.
    if (!segment)
      return new Observable((subscriber) => void runInTrace(trace, () => next.handle().subscribe(subscriber)));
    if (pattern) segment.addAnnotation('rpc_pattern', pattern.slice(0, 250));
    return new Observable((subscriber) =>
      runInTrace(trace, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            tracer.finish(segment, completionOfRpcError(error));
            subscriber.error(error);
          },
          complete: () => {
            tracer.finish(segment, { kind: 'ok' });
            subscriber.complete();
          },
        }),
      ),
    );
  }
}

function patternOf(context: ExecutionContext): string | undefined {
  const rpcContext = context.switchToRpc().getContext<{ getPattern?: () => unknown } | undefined>();
  const pattern = typeof rpcContext?.getPattern === 'function' ? rpcContext.getPattern() : undefined;
  return typeof pattern === 'string' ? pattern : pattern === undefined ? undefined : JSON.stringify(pattern);
}
