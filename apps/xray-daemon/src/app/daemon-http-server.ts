import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  type ApiResponse,
  jsonResponse,
  payloadTooLargeResponse,
  protocolErrorResponse,
  type XRayApiRouter,
} from '@cruddur/xray-backend';
import { isLoopbackHostHeader } from './host-header-guard';
import { closeServer, discardRestOfBody, listenOn } from './http-listener';
import type { HostPort } from './host-port';
import type { WebUi } from './ui/web-ui';

export interface DaemonHttpServerOptions {
  readonly router: XRayApiRouter;
  /** Body of `GET /api/counters`. */
  readonly counters: () => unknown;
  readonly webUi: WebUi;
  /** Refuse requests whose Host header is not a loopback name (set when bound to loopback). */
  readonly loopbackOnly: boolean;
  readonly maxBodyBytes: number;
  readonly warn: (message: string) => void;
}

export interface HttpCounters {
  readonly requests: number;
  /** Refused by the Host header check. */
  readonly forbidden: number;
  readonly tooLarge: number;
}

type BodyResult = { ok: true; text: string } | { ok: false };

/**
 * The daemon's HTTP side: the X-Ray API (every POST, through the router), `GET /healthz`,
 * `GET /api/counters`, and the web UI slot for other GETs. No CORS headers are sent, so browsers
 * keep other origins from reading anything.
 */
export class DaemonHttpServer {
  private readonly server: Server;
  private requests = 0;
  private forbidden = 0;
  private tooLarge = 0;

  constructor(private readonly options: DaemonHttpServerOptions) {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        options.warn(`request failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!response.headersSent)
          this.write(response, protocolErrorResponse(500, 'InternalFailure', 'internal error'));
        else response.destroy();
      });
    });
  }

  /** Listens; rejects with the listen error (EADDRINUSE, ...) if it cannot. */
  listen(address: HostPort): Promise<void> {
    return listenOn(this.server, address);
  }

  counters(): HttpCounters {
    return { requests: this.requests, forbidden: this.forbidden, tooLarge: this.tooLarge };
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.requests++;
    const method = request.method ?? 'GET';
    const path = (request.url ?? '/').split('?')[0];
    if (this.options.loopbackOnly && !isLoopbackHostHeader(request.headers.host)) {
      this.forbidden++;
      request.resume();
      return this.write(
        response,
        protocolErrorResponse(
          403,
          'ForbiddenException',
          'Host header must name localhost: this daemon only serves local clients',
        ),
      );
    }
    if (method === 'POST' || this.options.router.isOperation(path)) {
      const body = await this.readBody(request);
      if (!body.ok) {
        this.tooLarge++;
        discardRestOfBody(request);
        return this.write(response, payloadTooLargeResponse(this.options.maxBodyBytes));
      }
      return this.write(response, await this.options.router.handle(method, path, body.text));
    }
    request.resume();
    if (method !== 'GET' && method !== 'HEAD') {
      return this.write(
        response,
        protocolErrorResponse(405, 'MethodNotAllowed', `${method.slice(0, 10)} is not supported here`, {
          Allow: 'GET, POST',
        }),
      );
    }
    if (path === '/healthz') return this.write(response, jsonResponse({ status: 'ok' }));
    if (path === '/api/counters') return this.write(response, jsonResponse(this.options.counters()));
    const asset = path.startsWith('/api/') ? undefined : this.options.webUi(path);
    if (asset !== undefined) {
      response.writeHead(asset.status ?? 200, {
        ...asset.headers,
        'Content-Type': asset.contentType,
        'Content-Length': Buffer.byteLength(asset.body),
      });
      return void response.end(asset.body);
    }
    return this.write(
      response,
      protocolErrorResponse(404, 'NotFound', `Nothing at ${JSON.stringify(path.slice(0, 100))}`),
    );
  }

  /**
   * Reads the body up to the limit. Past it (or when Content-Length says so up front) it stops
   * keeping what arrives; the 413 then goes out while the rest is discarded.
   */
  private readBody(request: IncomingMessage): Promise<BodyResult> {
    const limit = this.options.maxBodyBytes;
    if (Number(request.headers['content-length'] ?? 0) > limit) return Promise.resolve({ ok: false });
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limit) return void chunks.push(chunk);
        request.off('data', onData);
        resolve({ ok: false });
      };
      request.on('data', onData);
      request.on('end', () => resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
      request.on('error', reject);
    });
  }

  private write(response: ServerResponse, { status, headers, body }: ApiResponse): void {
    response.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
    response.end(body);
  }
}
