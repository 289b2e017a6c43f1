import type { SpanAttributes } from './span-attributes';
import type { HttpData } from '@cruddur/xray-contracts';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443 };

/**
 * The URL: `url.full` / `http.url` when given, else rebuilt from scheme, host, port and target
 * (server spans name their own host, client spans the peer). Undefined without a host.
 */
function url(attributes: SpanAttributes, server: boolean): string | undefined {
  const full = attributes.string('url.full', 'http.url');
  if (full !== undefined) return full;
  const hostKeys = server
    ? ['server.address', 'http.host', 'net.host.name']
    : ['server.address', 'net.peer.name', 'http.host'];
  const host = attributes.string(...hostKeys);
  if (host === undefined) return undefined;
  const scheme = attributes.string('url.scheme', 'http.scheme') ?? 'http';
  const port = attributes.integer('server.port', server ? 'net.host.port' : 'net.peer.port');
  const withPort =
    port === undefined || port === DEFAULT_PORTS[scheme] || host.includes(':') ? host : `${host}:${port}`;
  const target = attributes.string('http.target');
  if (target !== undefined) return `${scheme}://${withPort}${target}`;
  const path = attributes.string('url.path') ?? '';
  const query = attributes.string('url.query');
  return `${scheme}://${withPort}${path}${query === undefined ? '' : `?${query}`}`;
}

/**
 * `http.request` and `http.response` from the HTTP semantic conventions, new names first
 * (`http.request.method`, `url.full`, `http.response.status_code`, `user_agent.original`,
 * `client.address`), then the old ones (`http.method`, `http.url`, `http.status_code`,
 * `http.user_agent`, `http.client_ip`). Undefined when the span is not an HTTP span.
 */
export function httpFields(attributes: SpanAttributes, server: boolean): HttpData | undefined {
  const method = attributes.string('http.request.method', 'http.method');
  const status = attributes.integer('http.response.status_code', 'http.status_code');
  if (method === undefined && status === undefined) return undefined;
  const http: HttpData = {};
  const request = {
    method,
    url: url(attributes, server),
    user_agent: attributes.string('user_agent.original', 'http.user_agent'),
    client_ip: attributes.string('client.address', 'http.client_ip'),
  };
  const requestFields = Object.entries(request).filter(([, value]) => value !== undefined);
  if (requestFields.length > 0) http.request = Object.fromEntries(requestFields);
  const contentLength = attributes.integer('http.response.body.size', 'http.response_content_length');
  if (status !== undefined || contentLength !== undefined) {
    http.response = {};
    if (status !== undefined) http.response.status = status;
    if (contentLength !== undefined) http.response.content_length = contentLength;
  }
  return http;
}
