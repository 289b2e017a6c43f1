import { ServerTCP } from '@nestjs/microservices';
import { IncomingPacket, runWithIncomingPacket } from '../context/trace-context';
import { activeTracer } from '../recorder/tracer-registry';
import { metadataOfPacket } from './trace-metadata';

/**
 * Nest's TCP server that also reads the trace header from packet metadata and makes it
 * available to the tracing interceptor for the message it belongs to. Handlers, guards
 * and pipes still receive exactly the `data` the caller sent.
 */
export class TracedServerTcp extends ServerTCP {
  override handleMessage(socket: Parameters<ServerTCP['handleMessage']>[0], rawMessage: unknown): Promise<unknown> {
    // Tracing off: no context at all, so the service pays nothing for it.
    const tracer = activeTracer();
    if (!tracer) return super.handleMessage(socket, rawMessage);
    const metadata = metadataOfPacket(rawMessage);
    const context = metadata === undefined ? undefined : tracer.extract(metadata);
    return runWithIncomingPacket(new IncomingPacket(context), () => super.handleMessage(socket, rawMessage));
  }
}
