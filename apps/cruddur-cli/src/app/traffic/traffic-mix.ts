/** One request of the generated traffic. */
export interface TrafficRequest {
  /** What it exercises, for the summary ("show (unknown)"). */
  readonly kind: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
}

/** Seeded data the activities service starts with (apps/activities seed-activities.ts). */
const KNOWN_ACTIVITIES = ['68f126b0-1ceb-4a33-88be-d90fa7109eee', '66e12864-8c26-4c3a-9658-95a10f8fea67'];
const KNOWN_HANDLES = ['andrewbrown', 'worf', 'garek'];
const TERMS = ['cloud', 'prune', 'tea', 'stars', 'bootcamp'];
const MESSAGES = [
  'Hello @worf, tea later?',
  'Shipping the service map today',
  'Who else is tracing their microservices? @garek',
  'Prune juice: a warrior’s drink',
];

type Pick = <T>(items: readonly T[]) => T;

/** Kinds with their weights: mostly reads, some writes, and the 404s and 422s real users cause. */
const MIX: readonly { readonly weight: number; readonly make: (pick: Pick) => TrafficRequest }[] = [
  { weight: 20, make: () => ({ kind: 'home', method: 'GET', path: '/api/activities/home' }) },
  { weight: 12, make: () => ({ kind: 'notifications', method: 'GET', path: '/api/activities/notifications' }) },
  {
    weight: 10,
    make: (pick) => ({ kind: 'search', method: 'GET', path: `/api/activities/search?term=${pick(TERMS)}` }),
  },
  { weight: 10, make: (pick) => ({ kind: '@handle', method: 'GET', path: `/api/activities/@${pick(KNOWN_HANDLES)}` }) },
  { weight: 8, make: (pick) => ({ kind: 'show', method: 'GET', path: `/api/activities/${pick(KNOWN_ACTIVITIES)}` }) },
  {
    weight: 8,
    make: (pick) => ({
      kind: 'create',
      method: 'POST',
      path: '/api/activities',
      body: { message: pick(MESSAGES), ttl: '7-days' },
    }),
  },
  {
    weight: 5,
    make: (pick) => ({
      kind: 'reply',
      method: 'POST',
      path: `/api/activities/${pick(KNOWN_ACTIVITIES)}/reply`,
      body: { message: 'Agreed, @andrewbrown' },
    }),
  },
  { weight: 4, make: () => ({ kind: '@handle (unknown, 404)', method: 'GET', path: '/api/activities/@nobody' }) },
  {
    weight: 3,
    make: () => ({
      kind: 'show (unknown, 404)',
      method: 'GET',
      path: '/api/activities/00000000-0000-4000-8000-000000000000',
    }),
  },
  {
    weight: 3,
    make: () => ({
      kind: 'create (blank, 422)',
      method: 'POST',
      path: '/api/activities',
      body: { message: '', ttl: '7-days' },
    }),
  },
  { weight: 2, make: () => ({ kind: 'search (blank, 422)', method: 'GET', path: '/api/activities/search?term=' }) },
];
const TOTAL_WEIGHT = MIX.reduce((sum, entry) => sum + entry.weight, 0);

/** Draws one request from the mix; `random` returns [0, 1) like Math.random (seedable in tests). */
export function pickRequest(random: () => number): TrafficRequest {
  const pick: Pick = (items) => items[Math.floor(random() * items.length)];
  let ticket = random() * TOTAL_WEIGHT;
  for (const entry of MIX) {
    ticket -= entry.weight;
    if (ticket < 0) return entry.make(pick);
  }
  return MIX[MIX.length - 1].make(pick);
}
