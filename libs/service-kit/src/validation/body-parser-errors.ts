import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';

/** What body-parser puts on the errors it raises for a client's bad body. */
interface BodyParserError {
  status?: unknown;
  type?: unknown;
  message?: unknown;
}

/**
 * Express error middleware for the body parsers: a body the client got wrong (too large,
 * malformed, bad charset) is answered as JSON with its 4xx status and not logged; without it
 * Express's final handler prints a stack trace per request, a log storm anyone can cause.
 * Other errors pass on unchanged.
 */
export function bodyParserErrorHandler() {
  return (error: unknown, _req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    const { status, type, message } = (typeof error === 'object' && error !== null ? error : {}) as BodyParserError;
    const isClientError = typeof status === 'number' && status >= 400 && status < 500 && typeof type === 'string';
    if (!isClientError || res.headersSent) return next(error);
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(
      JSON.stringify({
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Bad Request',
        message: typeof message === 'string' ? message : 'invalid request body',
      }),
    );
  };
}
