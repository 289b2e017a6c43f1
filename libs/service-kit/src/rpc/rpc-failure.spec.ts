import { HttpException, NotFoundException } from '@nestjs/common';
import { TimeoutError, firstValueFrom, NEVER, timeout } from 'rxjs';
import { rpcFailureToHttp } from './rpc-failure';

/** Status and body of the HTTP answer for a failure. */
function answer(error: unknown): { status: number; body: unknown } {
  const http = rpcFailureToHttp(error, 'activities', 250);
  return { status: http.getStatus(), body: http.getResponse() };
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:4001`), { code });
}

describe('rpcFailureToHttp', () => {
  it("answers a service's 404 and 400 with their status, name and message", () => {
    expect(answer({ status: 404, message: 'no activity x' })).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'no activity x' },
    });
    expect(answer({ status: 400, message: 'bad' })).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'bad' },
    });
  });

  it('answers a 422 with its error codes only', () => {
    expect(answer({ status: 422, message: 'invalid payload', errors: ['message_blank'] })).toEqual({
      status: 422,
      body: { errors: ['message_blank'] },
    });
    expect(answer({ status: 422, message: 'invalid payload' })).toEqual({ status: 422, body: { errors: [] } });
  });

  it('answers 503 naming the service and the deadline when it did not answer in time', async () => {
    const timedOut = await firstValueFrom(NEVER.pipe(timeout(1))).catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect(answer(timedOut)).toEqual({
      status: 503,
      body: { error: 'service_unavailable', service: 'activities', message: 'activities did not answer within 250 ms' },
    });
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND'])('answers 503 unreachable for %s', (code) => {
    expect(answer(socketError(code))).toEqual({
      status: 503,
      body: { error: 'service_unavailable', service: 'activities', message: 'activities is unreachable' },
    });
  });

  it("answers 503 when Nest's TCP client fails a pending call because the socket closed", () => {
    expect(answer(new Error('Connection closed')).status).toBe(503);
  });

  it.each([
    ['an Error', new Error('boom')],
    ["a service's internal error", { status: 'error', message: 'Internal server error' }],
    ["a service's own message that happens to say closed", { status: 'error', message: 'Account closed' }],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('answers 502 for %s', (_case, error) => {
    expect(answer(error)).toEqual({
      status: 502,
      body: { error: 'bad_gateway', service: 'activities', message: 'activities failed to answer' },
    });
  });

  it('passes an HttpException through unchanged', () => {
    const error = new NotFoundException('gone');
    expect(rpcFailureToHttp(error, 'activities', 250)).toBe(error);
    expect(rpcFailureToHttp(error, 'activities', 250)).toBeInstanceOf(HttpException);
  });
});
