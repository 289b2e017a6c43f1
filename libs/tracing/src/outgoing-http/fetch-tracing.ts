import { subscribe } from 'node:diagnostics_channel';
import { RemoteHttpCall, startRemoteHttpCall } from './remote-http-call';

/** The part of undici's diagnostics-channel request object we use. */
interface UndiciRequest {
  method: string;
  origin: string;
  path: string;
  addHeader(name: string, value: string): unknown;
}

const calls = new WeakMap<object, RemoteHttpCall>();

function addHeader(request: UndiciRequest, name: string, value: string): void {
  request.addHeader(name, value);
}
let subscribed = false;

/**
 * Traces the global fetch (undici) through its diagnostics channels: the `create` message
 * runs in the caller's async context, so the caller's trace is current there.
 */
export function traceFetch(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe('undici:request:create', (message) => {
    const { request } = message as { request: UndiciRequest };
    let url: URL;
    try {
      url = new URL(request.path, request.origin);
    } catch {
      return;
    }
    const call = startRemoteHttpCall(request.method, url, request, addHeader);
    if (call) calls.set(request, call);
  });
  subscribe('undici:request:headers', (message) => {
    const { request, response } = message as { request: object; response: { statusCode: number } };
    calls.get(request)?.responded(response.statusCode);
    calls.delete(request);
  });
  subscribe('undici:request:error', (message) => {
    const { request, error } = message as { request: object; error: unknown };
    calls.get(request)?.failed(error);
    calls.delete(request);
  });
}
