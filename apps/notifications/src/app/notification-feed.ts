import { randomUUID } from 'node:crypto';
import type { Activity, Notification, Reply } from '@cruddur/contracts';

const HOUR = 3600_000;
/** A feed keeps this many notifications per user; older ones fall off. */
const MAX_PER_USER = 200;
/** `@handle` mentions: letters, digits and `_`, not preceded by one (so `me@example.com` mentions nobody). */
const MENTION = /(?<![A-Za-z0-9_.])@([A-Za-z0-9_]{1,32})/g;

/** In-memory notification feeds, one per handle, newest first. */
export class NotificationFeed {
  private readonly feeds = new Map<string, Notification[]>();

  constructor(private readonly clock: () => Date = () => new Date()) {
    const now = clock().getTime();
    // Cruddur's mock notification, so a new stack shows something.
    this.add('andrewbrown', {
      uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
      kind: 'mention',
      handle: 'coco',
      display_name: 'Coco',
      message: 'I am a white unicorn',
      activity_uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
      created_at: new Date(now - 2 * 24 * HOUR).toISOString(),
    });
  }

  feed(handle: string): Notification[] {
    return (this.feeds.get(handle) ?? []).map((n) => ({ ...n }));
  }

  /** Everyone mentioned in a new activity hears of it, except its author. */
  onActivityCreated(activity: Activity): void {
    for (const handle of mentions(activity.message)) {
      if (handle === activity.handle) continue;
      this.add(
        handle,
        this.notification('mention', activity.handle, activity.display_name, activity.message, activity.uuid),
      );
    }
  }

  /** The author of an activity hears of replies by others. */
  onReplyCreated(reply: Reply, activityHandle: string): void {
    if (reply.handle === activityHandle) return;
    this.add(
      activityHandle,
      this.notification('reply', reply.handle, reply.display_name, reply.message, reply.reply_to_activity_uuid),
    );
  }

  private notification(
    kind: Notification['kind'],
    handle: string,
    displayName: string,
    message: string,
    activityUuid: string,
  ): Notification {
    return {
      uuid: randomUUID(),
      kind,
      handle,
      display_name: displayName,
      message,
      activity_uuid: activityUuid,
      created_at: this.clock().toISOString(),
    };
  }

  private add(handle: string, notification: Notification): void {
    const feed = this.feeds.get(handle) ?? [];
    feed.unshift(notification);
    if (feed.length > MAX_PER_USER) feed.length = MAX_PER_USER;
    this.feeds.set(handle, feed);
  }
}

function mentions(message: string): Set<string> {
  return new Set([...message.matchAll(MENTION)].map((m) => m[1]));
}
