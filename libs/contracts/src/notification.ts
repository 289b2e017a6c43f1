/** A notification in a user's feed. */
export interface Notification {
  uuid: string;
  kind: 'activity' | 'reply' | 'mention';
  handle: string;
  display_name: string;
  message: string;
  activity_uuid: string;
  created_at: string;
}
