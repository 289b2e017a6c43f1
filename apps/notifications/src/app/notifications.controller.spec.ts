import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Activity, ActivityCreatedEvent, Reply, ReplyCreatedEvent } from '@cruddur/contracts';
import { NotificationFeed } from './notification-feed';
import { NotificationsController } from './notifications.controller';

const activity = { uuid: 'a1', handle: 'garek', display_name: 'Garek', message: 'hi @worf' } as Activity;
const reply = {
  uuid: 'r1',
  handle: 'worf',
  display_name: 'Worf',
  message: 'no',
  reply_to_activity_uuid: 'a1',
} as Reply;

describe('NotificationsController events', () => {
  let warn: jest.SpyInstance;
  let feed: NotificationFeed;
  let controller: NotificationsController;

  beforeEach(async () => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    feed = new NotificationFeed();
    const moduleRef = await Test.createTestingModule({
      controllers: [NotificationsController],
      providers: [{ provide: NotificationFeed, useValue: feed }],
    })
      // The event handlers use only the feed; any other dependency is an inert stand-in.
      .useMocker(() => ({}))
      .compile();
    controller = moduleRef.get(NotificationsController);
  });

  afterEach(() => warn.mockRestore());

  it('turns well-formed events into notifications', () => {
    controller.activityCreated({ activity });
    controller.replyCreated({ reply, activity_handle: 'garek' });
    expect(feed.feed('worf')).toEqual([
      expect.objectContaining({ kind: 'mention', handle: 'garek', activity_uuid: 'a1' }),
    ]);
    expect(feed.feed('garek')).toEqual([
      expect.objectContaining({ kind: 'reply', handle: 'worf', activity_uuid: 'a1' }),
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['no event', undefined],
    ['no activity', {}],
    ['an activity without uuid', { activity: { ...activity, uuid: undefined } }],
    ['an activity whose message is not text', { activity: { ...activity, message: 42 } }],
    ['an activity without author', { activity: { ...activity, handle: undefined } }],
  ])('drops activity.created with %s, with a warning', (_case, event) => {
    const onActivityCreated = jest.spyOn(feed, 'onActivityCreated');
    expect(() => controller.activityCreated(event as unknown as ActivityCreatedEvent)).not.toThrow();
    expect(onActivityCreated).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith('activity.created: malformed event dropped');
  });

  it.each([
    ['no event', null],
    ['no reply', { activity_handle: 'garek' }],
    ['a reply without uuid', { reply: { ...reply, uuid: '' }, activity_handle: 'garek' }],
    ['a reply without author', { reply: { ...reply, handle: undefined }, activity_handle: 'garek' }],
    ['no activity_handle', { reply }],
  ])('drops activity.reply_created with %s, with a warning', (_case, event) => {
    const onReplyCreated = jest.spyOn(feed, 'onReplyCreated');
    expect(() => controller.replyCreated(event as unknown as ReplyCreatedEvent)).not.toThrow();
    expect(onReplyCreated).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith('activity.reply_created: malformed event dropped');
  });

  it('health says ok', () => {
    expect(controller.health()).toMatchObject({ service: 'notifications', status: 'ok' });
  });
});
