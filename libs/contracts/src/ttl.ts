/** The TTL choices Cruddur offers, and how long each lasts. */
export const TTL_HOURS = {
  '30-days': 30 * 24,
  '7-days': 7 * 24,
  '3-days': 3 * 24,
  '1-day': 24,
  '12-hours': 12,
  '3-hours': 3,
  '1-hour': 1,
} as const;

export type Ttl = keyof typeof TTL_HOURS;
export const TTLS = Object.keys(TTL_HOURS) as Ttl[];
