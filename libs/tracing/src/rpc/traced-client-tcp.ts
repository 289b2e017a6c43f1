import type { Type } from '@nestjs/common';
import { ClientProviderOptions, ClientProxy, ClientTCP, ReadPacket, TcpClientOptions, WritePacket } from '@nestjs/microservices';
import { AsyncResource } from 'node:async_hooks';
import { Observable } from 'rxjs';
import { currentTrace, runInTrace } from '../context/trace-context';
import { activeTracer } from '../recorder/tracer-registry';
import { outcomeOfRpcError } from './rpc-outcome';
import { TRACE_METADATA_KEY } from './trace-metadata';

export type TracedTcpClientOptions = TcpClientOptions['options'] & {
  /** Name of the service called: the remote subsegment's name. Default `host:port`. */
  serviceName?: string;
};

/**
 * Nest's TCP client, traced: every `send` and `emit` records a remote subsegment named
 * after the target service and carries `Root;Parent=<that subsegment>;Sampled` in the
 * packet metadata. Register it with `tracedTcpClient()` below.
 */
export class TracedClientTcp extends ClientTCP {
  private readonly target: string;
  private readonly address: string;

  constructor(options: TracedTcpClientOptions = {}) {
    super(options);
    this.address = `${options.host ?? 'localhost'}:${options.port ?? 3000}`;
    this.target = options.serviceName ?? this.address;
  }

  override send<TResult = unknown, TInput = unknown>(pattern: unknown, data: TInput): Observable<TResult> {
    return new Observable<TResult>((subscriber) => {
      const call = this.startCall(pattern, 'send');
      // Answers arrive on the shared socket, in the context of the call that connected it:
      // hand them over in the subscriber's own context, or code piped after send() would
      // see (and annotate) another request's trace.
      // (An AsyncResource rather than AsyncResource.bind: bind wraps a deprecation check
      // per call on Node 20, measurable on this hot path.)
      const callerContext = new AsyncResource('TracedClientTcp.send');
      const inCallerContext = (deliver: () => void) => callerContext.runInAsyncScope(deliver);
      // firstValueFrom unsubscribes on the first value, before completion: an answer counts.
      let settled = false;
      const subscription = call.run(() =>
        super.send<TResult, TInput>(pattern, data).subscribe({
          next: (value) => {
            settled = true;
            call.finish();
            inCallerContext(() => subscriber.next(value));
          },
          error: (error: unknown) => {
            settled = true;
            call.finish(error);
            inCallerContext(() => subscriber.error(error));
          },
          complete: () => {
            settled = true;
            call.finish();
            inCallerContext(() => subscriber.complete());
          },
        }),
      );
      return () => {
        subscription.unsubscribe();
        // The caller gave up (a timeout) before the service answered.
        if (!settled) call.finish(new Error(`${this.target} did not answer before the caller gave up`));
      };
    });
  }

  override emit<TResult = unknown, TInput = unknown>(pattern: unknown, data: TInput): Observable<TResult> {
    const call = this.startCall(pattern, 'emit');
    const source = call.run(() => super.emit<TResult, TInput>(pattern, data));
    source.subscribe({ error: (error: unknown) => call.finish(error), complete: () => call.finish() });
    return source;
  }

  protected override publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    return super.publish(this.withTraceMetadata(packet), callback);
  }

  protected override dispatchEvent(packet: ReadPacket): Promise<unknown> {
    return super.dispatchEvent(this.withTraceMetadata(packet));
  }

  /** Adds the trace header of the current context (the call's subsegment) to the packet. */
  private withTraceMetadata(packet: ReadPacket): ReadPacket {
    const tracer = activeTracer();
    const trace = currentTrace();
    if (!tracer || !trace) return packet;
    return { ...packet, metadata: { [TRACE_METADATA_KEY]: tracer.outgoingHeader(trace) } } as ReadPacket;
  }

  private startCall(pattern: unknown, kind: 'send' | 'emit') {
    const tracer = activeTracer();
    const parent = currentTrace();
    if (!tracer || !parent) return { run: <T>(fn: () => T) => fn(), finish: () => undefined };
    const { trace, subsegment } = tracer.startSubsegment(parent, this.target, true);
    if (subsegment) {
      const patternText = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
      subsegment.addAnnotation('rpc_pattern', patternText.slice(0, 250));
      subsegment.addMetadata('rpc', { pattern: patternText, kind, transport: 'tcp', address: this.address });
    }
    let finished = false;
    return {
      run: <T>(fn: () => T) => runInTrace(trace, fn),
      finish: (error?: unknown) => {
        if (finished) return;
        finished = true;
        tracer.finish(subsegment, error === undefined ? { kind: 'ok' } : outcomeOfRpcError(error));
      },
    };
  }
}

/**
 * A `ClientsModule.register([...])` entry for a traced TCP client:
 * `tracedTcpClient('activities', { host, port })` names the subsegments `activities`.
 */
export function tracedTcpClient(name: string, options: TracedTcpClientOptions): ClientProviderOptions {
  // Nest types customClass as ClientProxy<Record<never, Function>, string>; ClientTCP narrows
  // its status type, which TypeScript cannot see as compatible.
  return { name, customClass: TracedClientTcp as unknown as Type<ClientProxy>, options: { serviceName: name, ...options } };
}
