/**
 * Every message pattern and event name on the wire, written once.
 * Gateway clients and service handlers both import these constants.
 */
export const ActivitiesPatterns = {
  home: 'activities.home',
  search: 'activities.search',
  byHandle: 'activities.by_handle',
  show: 'activities.show',
  create: 'activities.create',
  reply: 'activities.reply',
  health: 'activities.health',
} as const;

export const NotificationsPatterns = {
  feed: 'notifications.feed',
  health: 'notifications.health',
} as const;

/** Events emitted by activities and consumed by notifications. */
export const ActivityEvents = {
  activityCreated: 'activity.created',
  replyCreated: 'activity.reply_created',
} as const;
