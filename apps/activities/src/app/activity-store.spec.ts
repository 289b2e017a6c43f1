import { TTL_HOURS, TTLS } from '@cruddur/contracts';
import { defined } from '@cruddur/test-kit';
import { ActivityStore } from './activity-store';

const HOUR = 3600_000;
const START = new Date('2024-05-01T12:00:00.000Z');

/** A store over the seed data whose clock the test moves. */
function storeAt(start = START): { store: ActivityStore; advance: (hours: number) => void } {
  let now = start.getTime();
  const store = new ActivityStore(() => new Date(now));
  return { store, advance: (hours) => (now += hours * HOUR) };
}

const handles = (activities: { handle: string }[]) => activities.map((a) => a.handle);

describe('ActivityStore', () => {
  it('home lists live activities newest first', () => {
    const { store } = storeAt();
    const home = store.home();
    expect(handles(home)).toEqual(['garek', 'andrewbrown', 'worf']);
    const times = home.map((a) => Date.parse(a.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('home leaves out activities once they expire', () => {
    const { store, advance } = storeAt();
    advance(12); // garek's activity expires exactly now
    expect(handles(store.home())).toEqual(['andrewbrown', 'worf']);
    advance(5 * 24);
    expect(handles(store.home())).toEqual(['worf']);
  });

  it('a new activity comes first on home and leaves it when its TTL has passed', () => {
    const { store, advance } = storeAt();
    const created = store.create('coco', 'hello', '1-hour');
    expect(store.home()[0].uuid).toBe(created.uuid);
    advance(1);
    expect(store.home().map((a) => a.uuid)).not.toContain(created.uuid);
  });

  it('search is case-insensitive over message and handle, and skips expired activities', () => {
    const { store, advance } = storeAt();
    expect(handles(store.search('CLOUD'))).toEqual(['andrewbrown']);
    expect(handles(store.search('Worf'))).toEqual(['worf']);
    expect(handles(store.search('i am'))).toEqual(['garek', 'worf']);
    expect(store.search('nothing like this')).toEqual([]);
    advance(13);
    expect(handles(store.search('tailor'))).toEqual([]);
  });

  it("byHandle lists one user's activities, [] for a known user with none, undefined for an unknown one", () => {
    const { store } = storeAt();
    expect(handles(store.byHandle('worf') ?? [])).toEqual(['worf']);
    expect(store.byHandle('coco')).toEqual([]);
    expect(store.byHandle('nobody')).toBeUndefined();
    expect(store.hasUser('coco')).toBe(true);
    expect(store.hasUser('nobody')).toBe(false);
  });

  it.each(TTLS)('create with ttl %s expires that many hours later', (ttl) => {
    const { store } = storeAt();
    const activity = store.create('worf', 'Today is a good day', ttl);
    expect(activity).toMatchObject({
      handle: 'worf',
      display_name: 'Worf',
      message: 'Today is a good day',
      created_at: START.toISOString(),
      expires_at: new Date(START.getTime() + TTL_HOURS[ttl] * HOUR).toISOString(),
      replies_count: 0,
      replies: [],
    });
    expect(store.find(activity.uuid)).toEqual(activity);
  });

  it('reply adds the reply and updates the count', () => {
    const { store } = storeAt();
    const target = store.create('worf', 'Qapla', '1-day');
    const first = store.reply(target.uuid, 'garek', 'Indeed');
    const second = store.reply(target.uuid, 'coco', 'Neigh');
    expect(first?.reply).toMatchObject({
      handle: 'garek',
      display_name: 'Garek',
      message: 'Indeed',
      reply_to_activity_uuid: target.uuid,
    });
    expect(second?.activity.replies_count).toBe(2);
    expect(second?.activity.handle).toBe('worf');
    const stored = store.find(target.uuid);
    expect(stored?.replies_count).toBe(2);
    expect(stored?.replies.map((r) => r.message)).toEqual(['Indeed', 'Neigh']);
  });

  it('reply returns undefined for an unknown activity', () => {
    const { store } = storeAt();
    expect(store.reply('00000000-0000-4000-8000-000000000000', 'worf', 'hello?')).toBeUndefined();
  });

  it('returns copies: changing an answer does not change what is stored', () => {
    const { store } = storeAt();
    const uuid = '68f126b0-1ceb-4a33-88be-d90fa7109eee';
    const answer = defined(store.find(uuid), `activity ${uuid}`);
    answer.message = 'changed';
    answer.replies[0].message = 'changed';
    answer.replies.push({ ...answer.replies[0] });
    defined(
      store.home().find((a) => a.uuid === uuid),
      `activity ${uuid} on the home feed`,
    ).likes_count = 99;

    const stored = defined(store.find(uuid), `activity ${uuid}`);
    expect(stored.message).toBe('Cloud is very fun!');
    expect(stored.likes_count).toBe(5);
    expect(stored.replies).toHaveLength(1);
    expect(stored.replies[0].message).toBe('This post has no honor!');
  });
});
