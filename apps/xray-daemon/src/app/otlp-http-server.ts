import { createServer, type Server } from 'node:http';
import type { OtlpHttpAnswer, OtlpTraceReceiver } from '@cruddur/xray-backend';
import { isLoopbackHostHeader } from './host-header-guard';
import { closeServer, discardRestOfBody, listenOn } from './http-listener';
import type { HostPort } from './host-port';

/**
 * The OTLP/HTTP socket: every request goes to the backend's receiver, with the same Host check as
 * the API when bound to loopback (DNS rebinding). No CORS headers, so browsers on other origins
 * cannot post spans either.
 */
export class OtlpHttpServer {
  private readonly server: Server;

  constructor(receiver: OtlpTraceReceiver, loopbackOnly: boolean, warn: (message: string) => void) {
    this.server = createServer((request, response) => {
      const write = ({ status, headers, body, bodyUnread }: OtlpHttpAnswer) => {
        if (bodyUnread) discardRestOfBody(request);
        response.writeHead(status, { ...headers, 'Content-Length': body.length });
        response.end(body);
      };
      receiver
        .handle(request, !loopbackOnly || isLoopbackHostHeader(request.headers.host))
        .then(write, (error: unknown) => {
          warn(`OTLP receiver bug: ${error instanceof Error ? error.stack : String(error)}`);
          if (response.headersSent) return void response.destroy();
          write({
            status: 500,
            headers: { 'Content-Type': 'application/json' },
            body: Buffer.from('{"code":13,"message":"internal error"}'),
            bodyUnread: true,
          });
        });
    });
  }

  /** Listens; rejects with the listen error (EADDRINUSE, ...) if it cannot. */
  listen(address: HostPort): Promise<void> {
    return listenOn(this.server, address);
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }
}
