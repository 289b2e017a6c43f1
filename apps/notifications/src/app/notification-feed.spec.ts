import type { Activity, Reply } from '@cruddur/contracts';
import { NotificationFeed } from './notification-feed';

const NOW = new Date('2024-05-01T12:00:00.000Z');

function activity(handle: string, message: string, uuid = `activity-of-${handle}`): Activity {
  return {
    uuid,
    handle,
    display_name: handle.toUpperCase(),
    message,
    created_at: NOW.toISOString(),
    expires_at: null,
    likes_count: 0,
    replies_count: 0,
    reposts_count: 0,
    reply_to_activity_uuid: null,
    replies: [],
  };
}

function reply(handle: string, activityUuid: string, message = 'a reply'): Reply {
  return {
    uuid: `reply-by-${handle}`,
    reply_to_activity_uuid: activityUuid,
    handle,
    display_name: handle.toUpperCase(),
    message,
    created_at: NOW.toISOString(),
    likes_count: 0,
    replies_count: 0,
    reposts_count: 0,
  };
}

const newFeed = () => new NotificationFeed(() => NOW);

describe('NotificationFeed', () => {
  it("starts with Cruddur's mock notification for andrewbrown only", () => {
    const feed = newFeed();
    expect(feed.feed('andrewbrown')).toEqual([
      expect.objectContaining({ kind: 'mention', handle: 'coco', message: 'I am a white unicorn' }),
    ]);
    expect(feed.feed('worf')).toEqual([]);
  });

  it('notifies everyone mentioned in a new activity once, except its author', () => {
    const feed = newFeed();
    feed.onActivityCreated(activity('garek', 'Hello @worf and @coco_1, and again @worf. Also me, @garek.'));
    expect(feed.feed('worf')).toEqual([
      {
        uuid: expect.any(String),
        kind: 'mention',
        handle: 'garek',
        display_name: 'GAREK',
        message: 'Hello @worf and @coco_1, and again @worf. Also me, @garek.',
        activity_uuid: 'activity-of-garek',
        created_at: NOW.toISOString(),
      },
    ]);
    expect(feed.feed('coco_1')).toHaveLength(1);
    expect(feed.feed('garek')).toEqual([]);
  });

  it('notifies nobody for an activity without mentions', () => {
    const feed = newFeed();
    feed.onActivityCreated(activity('worf', 'No mentions here, just an @ sign'));
    expect(feed.feed('worf')).toEqual([]);
  });

  it('does not take an e-mail address for a mention', () => {
    const feed = newFeed();
    feed.onActivityCreated(activity('worf', 'Write to worf@example.com or (@garek)'));
    expect(feed.feed('example')).toEqual([]);
    expect(feed.feed('garek')).toHaveLength(1);
  });

  it('notifies the author of replies by others, not of their own', () => {
    const feed = newFeed();
    feed.onReplyCreated(reply('worf', 'activity-of-garek', 'Dishonourable'), 'garek');
    feed.onReplyCreated(reply('garek', 'activity-of-garek'), 'garek');
    expect(feed.feed('garek')).toEqual([
      expect.objectContaining({
        kind: 'reply',
        handle: 'worf',
        message: 'Dishonourable',
        activity_uuid: 'activity-of-garek',
      }),
    ]);
    expect(feed.feed('worf')).toEqual([]);
  });

  it('keeps the newest 200 notifications per user, newest first', () => {
    const feed = newFeed();
    for (let i = 0; i < 205; i++) feed.onReplyCreated(reply('worf', 'x', `reply ${i}`), 'coco');
    const coco = feed.feed('coco');
    expect(coco).toHaveLength(200);
    expect(coco[0].message).toBe('reply 204');
    expect(coco[199].message).toBe('reply 5');
  });

  it('returns copies: changing an answer does not change the feed', () => {
    const feed = newFeed();
    const [first] = feed.feed('andrewbrown');
    first.message = 'changed';
    feed.feed('andrewbrown').length = 0;
    expect(feed.feed('andrewbrown')).toEqual([expect.objectContaining({ message: 'I am a white unicorn' })]);
  });
});
