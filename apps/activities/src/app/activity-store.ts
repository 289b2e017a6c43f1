import { randomUUID } from 'node:crypto';
import type { Activity, Reply, Ttl } from '@cruddur/contracts';
import { TTL_HOURS } from '@cruddur/contracts';
import { SEED_USERS, seedActivities } from './seed-activities';

const HOUR = 3600_000;

/**
 * In-memory activities and replies. Reads return copies so a caller can never
 * change what is stored.
 */
export class ActivityStore {
  private readonly activities = new Map<string, Activity>();
  private readonly users = new Map<string, string>(Object.entries(SEED_USERS));

  constructor(private readonly clock: () => Date = () => new Date()) {
    for (const activity of seedActivities(clock())) this.activities.set(activity.uuid, activity);
  }

  /** Every live activity, newest first. */
  home(): Activity[] {
    return this.live().map(copy);
  }

  search(term: string): Activity[] {
    const needle = term.toLowerCase();
    return this.live()
      .filter((a) => a.message.toLowerCase().includes(needle) || a.handle.toLowerCase().includes(needle))
      .map(copy);
  }

  /** Activities of one user, or undefined when nobody has that handle. */
  byHandle(handle: string): Activity[] | undefined {
    if (!this.users.has(handle)) return undefined;
    return this.live()
      .filter((a) => a.handle === handle)
      .map(copy);
  }

  find(uuid: string): Activity | undefined {
    const activity = this.activities.get(uuid);
    return activity ? copy(activity) : undefined;
  }

  hasUser(handle: string): boolean {
    return this.users.has(handle);
  }

  create(handle: string, message: string, ttl: Ttl): Activity {
    const now = this.clock();
    const activity: Activity = {
      uuid: randomUUID(),
      handle,
      display_name: this.displayName(handle),
      message,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + TTL_HOURS[ttl] * HOUR).toISOString(),
      likes_count: 0,
      replies_count: 0,
      reposts_count: 0,
      reply_to_activity_uuid: null,
      replies: [],
    };
    this.activities.set(activity.uuid, activity);
    return copy(activity);
  }

  /** Adds a reply, or returns undefined when the activity does not exist. */
  reply(activityUuid: string, handle: string, message: string): { reply: Reply; activity: Activity } | undefined {
    const activity = this.activities.get(activityUuid);
    if (!activity) return undefined;
    const reply: Reply = {
      uuid: randomUUID(),
      reply_to_activity_uuid: activityUuid,
      handle,
      display_name: this.displayName(handle),
      message,
      created_at: this.clock().toISOString(),
      likes_count: 0,
      replies_count: 0,
      reposts_count: 0,
    };
    activity.replies.push(reply);
    activity.replies_count = activity.replies.length;
    return { reply: { ...reply }, activity: copy(activity) };
  }

  private live(): Activity[] {
    const now = this.clock().getTime();
    return [...this.activities.values()]
      .filter((a) => a.expires_at === null || Date.parse(a.expires_at) > now)
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  }

  private displayName(handle: string): string {
    return this.users.get(handle) ?? handle;
  }
}

function copy(activity: Activity): Activity {
  return { ...activity, replies: activity.replies.map((r) => ({ ...r })) };
}
