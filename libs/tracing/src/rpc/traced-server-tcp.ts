import { ServerTCP } from '@nestjs/microservices';
import { runWithIncomingMetadata, traceHeaderOfPacket } from './trace-metadata';

/**
 * Nest's TCP server that also reads the trace header from packet metadata and makes it
 * available to the tracing interceptor for the message it belongs to. Handlers, guards
 * and pipes still receive exactly the `data` the caller sent.
 */
export class TracedServerTcp extends ServerTCP {
  override handleMessage(socket: Parameters<ServerTCP['handleMessage']>[0], rawMessage: unknown): Promise<unknown> {
    return runWithIncomingMetadata(traceHeaderOfPacket(rawMessage), () => super.handleMessage(socket, rawMessage));
  }
}
