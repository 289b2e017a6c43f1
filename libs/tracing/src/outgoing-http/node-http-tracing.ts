import type { ClientRequest, IncomingMessage } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import { startRemoteHttpCall } from './remote-http-call';

type RequestFn = typeof http.request;

function setHeader(req: ClientRequest, name: string, value: string): void {
  req.setHeader(name, value);
}
const patched = new WeakSet<object>();

/** The URL a ClientRequest goes to: its Host header carries the port, `host` does not. */
function urlOf(req: ClientRequest, secure: boolean): URL | undefined {
  try {
    const hostHeader = req.getHeader('host');
    const host = typeof hostHeader === 'string' ? hostHeader : req.host.includes(':') ? `[${req.host}]` : req.host;
    return new URL(`${req.protocol || (secure ? 'https:' : 'http:')}//${host}${req.path}`);
  } catch {
    return undefined;
  }
}

function traced(original: RequestFn, secure: boolean): RequestFn {
  return function tracedRequest(this: unknown, ...args: Parameters<RequestFn>): ClientRequest {
    const req = (original as (...a: unknown[]) => ClientRequest).apply(this, args);
    const url = urlOf(req, secure);
    const call = url && !req.headersSent ? startRemoteHttpCall(req.method, url, req, setHeader) : undefined;
    if (!call) return req;
    req.once('response', (res: IncomingMessage) => call.responded(res.statusCode ?? 0));
    req.once('error', (error) => call.failed(error));
    return req;
  } as RequestFn;
}

/**
 * Traces node's http and https clients: a call made inside a trace gets a remote subsegment
 * and the trace context headers. `get` is replaced too, since Node's own `get` calls the
 * module-internal `request`, not the exported one.
 */
export function traceNodeHttpClients(): void {
  for (const [mod, secure] of [
    [http, false],
    [https, true],
  ] as const) {
    if (patched.has(mod)) continue;
    patched.add(mod);
    const request = traced(mod.request, secure);
    const target = mod as { request: RequestFn; get: RequestFn };
    target.request = request;
    target.get = function get(this: unknown, ...args: Parameters<RequestFn>): ClientRequest {
      const req = (request as (...a: unknown[]) => ClientRequest).apply(this, args);
      req.end();
      return req;
    } as RequestFn;
  }
}
