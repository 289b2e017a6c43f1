/** An activity (a "crud") as the API returns it, after Cruddur's backend-flask mock data. */
export interface Activity {
  uuid: string;
  handle: string;
  display_name: string;
  message: string;
  created_at: string;
  expires_at: string | null;
  likes_count: number;
  replies_count: number;
  reposts_count: number;
  reply_to_activity_uuid: string | null;
  replies: Reply[];
}

export interface Reply {
  uuid: string;
  reply_to_activity_uuid: string;
  handle: string;
  display_name: string;
  message: string;
  created_at: string;
  likes_count: number;
  replies_count: number;
  reposts_count: number;
}
