import { Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { NEVER, Observable, of, throwError } from 'rxjs';
import type { Activity } from '@cruddur/contracts';
import { NotificationsPublisher } from './notifications-publisher';

const activity = { uuid: 'a', handle: 'worf', message: 'hi' } as Activity;

describe('NotificationsPublisher', () => {
  let warn: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => warn.mockRestore());

  function publisher(answer: () => Observable<unknown>): { publisher: NotificationsPublisher; emit: jest.Mock } {
    const emit = jest.fn(answer);
    return { publisher: new NotificationsPublisher({ emit } as unknown as ClientProxy, 20), emit };
  }

  it('emits the event and logs nothing when it is delivered', () => {
    const { publisher: p, emit } = publisher(() => of(undefined));
    p.activityCreated({ activity });
    expect(emit).toHaveBeenCalledWith('activity.created', { activity });
    expect(warn).not.toHaveBeenCalled();
  });

  it('logs, never throws, when notifications is down', () => {
    const { publisher: p } = publisher(() => throwError(() => new Error('connect ECONNREFUSED')));
    expect(() => p.activityCreated({ activity })).not.toThrow();
    expect(warn).toHaveBeenCalledWith('activity.created not delivered to notifications: connect ECONNREFUSED');
  });

  it('gives up after the timeout when notifications does not answer', async () => {
    const { publisher: p } = publisher(() => NEVER);
    p.replyCreated({ reply: { uuid: 'r' } as never, activity_handle: 'worf' });
    await new Promise((r) => setTimeout(r, 60));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('activity.reply_created not delivered'));
  });
});
