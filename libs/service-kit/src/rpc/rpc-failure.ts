import { HttpException, HttpStatus } from '@nestjs/common';
import { TimeoutError } from 'rxjs';
import { isRpcErrorBody } from '@cruddur/contracts';

/** Error codes of sockets that mean "the service is not there" rather than "it answered badly". */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

function isUnreachable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNREACHABLE.has(code)) return true;
  const message = (error as { message?: unknown }).message;
  // Nest's TCP client fails pending calls with this text when the socket closes.
  return typeof message === 'string' && /connection closed/i.test(message) && !isRpcErrorBody(error);
}

/**
 * Turns whatever a microservice call failed with into the HTTP answer the gateway gives:
 * the service's own 4xx, a 503 when it is down or slow, a 502 when it broke.
 */
export function rpcFailureToHttp(error: unknown, service: string, timeoutMs: number): HttpException {
  if (error instanceof HttpException) return error;
  if (isRpcErrorBody(error)) {
    const body =
      error.status === 422
        ? { errors: error.errors ?? [] }
        : { error: httpErrorName(error.status), message: error.message };
    return new HttpException(body, error.status);
  }
  if (error instanceof TimeoutError) {
    return new HttpException(
      { error: 'service_unavailable', service, message: `${service} did not answer within ${timeoutMs} ms` },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
  if (isUnreachable(error)) {
    return new HttpException(
      { error: 'service_unavailable', service, message: `${service} is unreachable` },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
  return new HttpException(
    { error: 'bad_gateway', service, message: `${service} failed to answer` },
    HttpStatus.BAD_GATEWAY,
  );
}

function httpErrorName(status: 400 | 404): string {
  return status === 404 ? 'not_found' : 'bad_request';
}
