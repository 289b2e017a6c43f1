import type { Type } from '@nestjs/common';
import {
  ClientProviderOptions,
  ClientProxy,
  ClientTCP,
  ReadPacket,
  TcpClientOptions,
  WritePacket,
} from '@nestjs/microservices';
import { Observable } from 'rxjs';
import { type ActiveTrace, currentTrace, outsideAnyTrace, runInTrace } from '../context/trace-context';
import { OK } from '../recorder/tracer';
import type { SubsegmentEntity } from '../recorder/trace-entity';
import { activeTracer } from '../recorder/tracer-registry';
import { completionOfRpcError } from './rpc-completion';
import { type PacketMetadata, setMetadataField } from './trace-metadata';

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
    const tracer = activeTracer();
    const parent = currentTrace();
    // Untraced or unsampled: nothing to record. An unsampled caller's context still goes out in
    // the packet and its answer comes back in it, both done in publish() below, without this
    // wrapper's Observable, subscriber and closures.
    if (!tracer || !parent?.current) return super.send<TResult, TInput>(pattern, data);
    return new Observable<TResult>((subscriber) => {
      const { trace, subsegment } = tracer.startSubsegment(parent, this.target, true);
      if (subsegment) this.describeCall(subsegment, pattern, 'send');
      let open = subsegment !== undefined;
      const close = (error?: unknown) => {
        if (!open) return;
        open = false;
        tracer.finish(subsegment, error === undefined ? OK : completionOfRpcError(error));
      };
      // Answers arrive from the shared socket, outside any trace (see connect): hand them over
      // in the caller's context, so code piped after send() sees (and annotates, and passes
      // on) its own trace. firstValueFrom unsubscribes on the first value: an answer counts.
      const subscription = runInTrace(trace, () =>
        super.send<TResult, TInput>(pattern, data).subscribe({
          next: (value) => {
            close();
            runInTrace(parent, () => subscriber.next(value));
          },
          error: (error: unknown) => {
            close(error);
            runInTrace(parent, () => subscriber.error(error));
          },
          complete: () => {
            close();
            runInTrace(parent, () => subscriber.complete());
          },
        }),
      );
      return () => {
        subscription.unsubscribe();
        // The caller gave up (a timeout) before the service answered. (Checked first: an
        // Error captures a stack, ~10 µs, and every answered call is torn down here too.)
        if (open) close(new Error(`${this.target} did not answer before the caller gave up`));
      };
    });
  }

  override emit<TResult = unknown, TInput = unknown>(pattern: unknown, data: TInput): Observable<TResult> {
    const tracer = activeTracer();
    const parent = currentTrace();
    if (!tracer || !parent) return super.emit<TResult, TInput>(pattern, data);
    const { trace, subsegment } = tracer.startSubsegment(parent, this.target, true);
    const source = runInTrace(trace, () => super.emit<TResult, TInput>(pattern, data));
    if (subsegment) {
      this.describeCall(subsegment, pattern, 'emit');
      source.subscribe({
        error: (error: unknown) => tracer.finish(subsegment, completionOfRpcError(error)),
        complete: () => tracer.finish(subsegment, OK),
      });
    }
    return source;
  }

  /**
   * The shared socket is created outside any trace: its events (every answer) would otherwise
   * run in the context of whichever request happened to connect it.
   */
  override connect(): Promise<unknown> {
    return outsideAnyTrace(() => super.connect());
  }

  protected override publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const trace = this.addTraceMetadata(packet);
    // Answers arrive from the shared socket, outside any trace (see connect). A sampled call's
    // wrapper (send) hands them over to its caller; an unsampled call has none, so its answer is
    // handed over here, in the context that sent it: the caller's.
    if (trace === undefined || trace.current !== undefined) return super.publish(packet, callback);
    return super.publish(packet, (answer) => runInTrace(trace, () => callback(answer)));
  }

  protected override dispatchEvent(packet: ReadPacket): Promise<unknown> {
    this.addTraceMetadata(packet);
    return super.dispatchEvent(packet);
  }

  /**
   * Adds the trace context of the current context (the call's subsegment, or an unsampled
   * caller's) to the packet, and returns that trace. The packet is the one Nest's send() and
   * emit() just made for this call (Nest itself adds the `id` to it the same way).
   */
  private addTraceMetadata(packet: ReadPacket): ActiveTrace | undefined {
    const tracer = activeTracer();
    const trace = currentTrace();
    if (!tracer || !trace) return undefined;
    const metadata: PacketMetadata = {};
    tracer.inject(trace, metadata, setMetadataField);
    (packet as ReadPacket & { metadata: PacketMetadata }).metadata = metadata;
    return trace;
  }

  private describeCall(subsegment: SubsegmentEntity, pattern: unknown, kind: 'send' | 'emit'): void {
    const patternText = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
    subsegment.addAnnotation('rpc_pattern', patternText.slice(0, 250));
    subsegment.addMetadata('rpc', { pattern: patternText, kind, transport: 'tcp', address: this.address });
  }
}

/**
 * A `ClientsModule.register([...])` entry for a traced TCP client:
 * `tracedTcpClient('activities', { host, port })` names the subsegments `activities`.
 */
export function tracedTcpClient(name: string, options: TracedTcpClientOptions): ClientProviderOptions {
  // Nest types customClass as ClientProxy<Record<never, Function>, string>; ClientTCP narrows
  // its status type, which TypeScript cannot see as compatible.
  return {
    name,
    customClass: TracedClientTcp as unknown as Type<ClientProxy>,
    options: { serviceName: name, ...options },
  };
}
