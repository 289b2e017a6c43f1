import { HttpException, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { NEVER, Observable, of, throwError } from 'rxjs';
import { ServiceClient } from './service-client';

/** A ClientProxy whose `send` answers with `reply` and records what it was asked. */
function fakeProxy(reply: () => Observable<unknown>): { proxy: ClientProxy; send: jest.Mock } {
  const send = jest.fn(() => reply());
  return { proxy: { send } as unknown as ClientProxy, send };
}

async function failure(run: Promise<unknown>): Promise<HttpException> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpException);
  return error as HttpException;
}

describe('ServiceClient', () => {
  let warn: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => warn.mockRestore());

  it("sends the pattern and payload and resolves with the service's answer", async () => {
    const { proxy, send } = fakeProxy(() => of(['a']));
    await expect(new ServiceClient('activities', proxy, 1000).send('activities.home', { x: 1 })).resolves.toEqual([
      'a',
    ]);
    expect(send).toHaveBeenCalledWith('activities.home', { x: 1 });
  });

  it('answers 503 once the deadline passes on a service that never answers, and logs it', async () => {
    const { proxy } = fakeProxy(() => NEVER);
    const started = Date.now();
    const error = await failure(new ServiceClient('activities', proxy, 30).send('activities.home', {}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(error.getStatus()).toBe(503);
    expect(error.message).toContain('within 30 ms');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('activities.home'));
  });

  it('uses a per-call deadline over the default one', async () => {
    const { proxy } = fakeProxy(() => NEVER);
    const error = await failure(new ServiceClient('activities', proxy, 60_000).send('activities.health', {}, 20));
    expect(error.getStatus()).toBe(503);
    expect(error.message).toContain('within 20 ms');
  });

  it("answers with the status of the service's RpcErrorBody, without a warning", async () => {
    const { proxy } = fakeProxy(() => throwError(() => ({ status: 404, message: 'no activity x' })));
    const error = await failure(new ServiceClient('activities', proxy, 1000).send('activities.show', { uuid: 'x' }));
    expect(error.getStatus()).toBe(404);
    expect(error.getResponse()).toEqual({ error: 'not_found', message: 'no activity x' });
    expect(warn).not.toHaveBeenCalled();
  });

  it('answers 503 when the service refuses the connection', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const { proxy } = fakeProxy(() => throwError(() => refused));
    expect(
      (
        await failure(
          new ServiceClient('notifications', proxy, 1000).send('notifications.feed', { handle: 'andrewbrown' }),
        )
      ).getStatus(),
    ).toBe(503);
  });
});
