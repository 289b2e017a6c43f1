import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRequestData } from '@cruddur/xray-contracts';
import { runInTrace } from '../context/trace-context';
import type { Tracer } from '../recorder/tracer';
import { completionOfStatus } from './http-completion';
import { takeRecordedException } from '../handlers/recorded-exception';

type Next = (error?: unknown) => void;

/**
 * Opens the service's segment for an HTTP request, answers with the trace id, and closes
 * the segment when the response is finished with the final status. Called from Express
 * middleware (tracing.module.ts) so every route, including unknown ones, is traced; the
 * tracer is an argument rather than captured, so no closure is made per request.
 */
export function traceHttpRequest(tracer: Tracer, req: IncomingMessage, res: ServerResponse, next: Next): void {
  // A well-formed incoming context is continued whatever its trace id's first 8 hex say: they
  // are the epoch seconds only for X-Ray's id generator, random for OpenTelemetry's.
  const incoming = tracer.extract(req.headers);
  const host = typeof req.headers.host === 'string' ? req.headers.host : undefined;
  const pattern = tracer.config.dynamicNaming;
  const name = pattern && host && pattern.test(host) ? host : tracer.config.serviceName;
  // Express mounts middleware on a path and rewrites req.url; originalUrl is the full one.
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  const trace = tracer.startSegment({
    name,
    incoming,
    trustSampling: tracer.config.trustIncomingSampling,
    sampleRequest: { serviceName: name, host, httpMethod: req.method, urlPath: query < 0 ? url : url.slice(0, query) },
  });
  // Only ids we generated or validated go back: never the raw incoming header.
  res.setHeader('X-Amzn-Trace-Id', `Root=${trace.traceId};Sampled=${trace.sampled ? '1' : '0'}`);

  const segment = trace.segment;
  if (segment) {
    const forwarded = req.headers['x-forwarded-for'];
    const forwardedFirst = typeof forwarded === 'string' ? forwarded.split(',')[0].trim() : undefined;
    const request: HttpRequestData = {
      method: req.method ?? '',
      url: `http://${host ?? ''}${url}`,
      user_agent: req.headers['user-agent'] ?? '',
      client_ip: forwardedFirst || req.socket.remoteAddress || '',
    };
    if (forwardedFirst) request.x_forwarded_for = true;
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      const length = Number(res.getHeader('content-length'));
      segment.http = {
        request,
        response: { status: res.statusCode, ...(Number.isFinite(length) ? { content_length: length } : {}) },
      };
      tracer.finish(segment, completionOfStatus(res.statusCode, takeRecordedException(segment)));
    };
    res.once('finish', end);
    res.once('close', end);
  }
  runInTrace(trace, next);
}
