import type { Activity } from '@cruddur/contracts';

const HOUR = 3600_000;

/** Cruddur-like mock data, with times relative to `now` so the feed always looks alive. */
export function seedActivities(now: Date): Activity[] {
  const at = (offsetHours: number) => new Date(now.getTime() + offsetHours * HOUR).toISOString();
  return [
    {
      uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
      handle: 'andrewbrown',
      display_name: 'Andrew Brown',
      message: 'Cloud is very fun!',
      created_at: at(-48),
      expires_at: at(5 * 24),
      likes_count: 5,
      replies_count: 1,
      reposts_count: 0,
      reply_to_activity_uuid: null,
      replies: [
        {
          uuid: '26e12864-1c26-5c3a-9658-97a10f8fea67',
          reply_to_activity_uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
          handle: 'worf',
          display_name: 'Worf',
          message: 'This post has no honor!',
          created_at: at(-47),
          likes_count: 0,
          replies_count: 0,
          reposts_count: 0,
        },
      ],
    },
    {
      uuid: '66e12864-8c26-4c3a-9658-95a10f8fea67',
      handle: 'worf',
      display_name: 'Worf',
      message: 'I am out of prune juice',
      created_at: at(-7 * 24),
      expires_at: at(9 * 24),
      likes_count: 0,
      replies_count: 0,
      reposts_count: 0,
      reply_to_activity_uuid: null,
      replies: [],
    },
    {
      uuid: '248959df-3079-4947-b847-9e0892d1bab4',
      handle: 'garek',
      display_name: 'Garek',
      message: 'My dear doctor, I am just a simple tailor. I am not interested in any way.',
      created_at: at(-1),
      expires_at: at(12),
      likes_count: 0,
      replies_count: 0,
      reposts_count: 0,
      reply_to_activity_uuid: null,
      replies: [],
    },
  ];
}

/** Known users: a handle outside this list is a 404, like an unknown profile. */
export const SEED_USERS: Record<string, string> = {
  andrewbrown: 'Andrew Brown',
  worf: 'Worf',
  garek: 'Garek',
  coco: 'Coco',
};
