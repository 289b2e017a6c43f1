import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { NotificationsPatterns, type Activity, type Notification, type Reply } from '@cruddur/contracts';
import { CruddurStack, eventually } from '@cruddur/test-kit';

const TIMEOUT_MS = 1500;
let stack: CruddurStack;

beforeAll(async () => {
  stack = await CruddurStack.start({ RPC_TIMEOUT_MS: String(TIMEOUT_MS), HEALTH_TIMEOUT_MS: '500' });
});

afterAll(async () => {
  await stack?.stop();
});

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(stack.url(path));
  return { status: res.status, body: await res.json() };
}

async function post(path: string, body: unknown, raw?: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(stack.url(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('Cruddur API through the gateway', () => {
  it('GET /api/activities/home lists live activities newest first', async () => {
    const { status, body } = await get('/api/activities/home');
    expect(status).toBe(200);
    const activities = body as Activity[];
    expect(activities.length).toBeGreaterThanOrEqual(3);
    expect(activities.map((a) => a.handle)).toEqual(expect.arrayContaining(['andrewbrown', 'worf', 'garek']));
    const times = activities.map((a) => Date.parse(a.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('GET /api/activities/search finds by term and rejects a blank one', async () => {
    const found = await get('/api/activities/search?term=prune');
    expect(found.status).toBe(200);
    expect((found.body as Activity[]).map((a) => a.message)).toEqual(['I am out of prune juice']);
    expect(await get('/api/activities/search?term=')).toEqual({ status: 422, body: { errors: ['search_term_blank'] } });
    expect(await get('/api/activities/search')).toEqual({ status: 422, body: { errors: ['search_term_blank'] } });
  });

  it('GET /api/activities/@:handle lists a user and 404s an unknown one', async () => {
    const worf = await get('/api/activities/@worf');
    expect(worf.status).toBe(200);
    expect((worf.body as Activity[]).every((a) => a.handle === 'worf')).toBe(true);
    const nobody = await get('/api/activities/@nobody');
    expect(nobody.status).toBe(404);
    expect(nobody.body).toMatchObject({ error: 'not_found' });
  });

  it('GET /api/activities/:uuid shows one with replies, 404 when unknown or malformed', async () => {
    const one = await get('/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee');
    expect(one.status).toBe(200);
    expect((one.body as Activity).replies[0]).toMatchObject({ handle: 'worf', message: 'This post has no honor!' });
    expect((await get('/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eef')).status).toBe(404);
    expect((await get('/api/activities/not-a-uuid')).status).toBe(404);
  });

  it('POST /api/activities creates, validates like Cruddur, and rejects malformed JSON', async () => {
    const created = await post('/api/activities', { message: 'Hello @worf from the e2e test', ttl: '7-days' });
    expect(created.status).toBe(201);
    const activity = created.body as Activity;
    expect(activity).toMatchObject({ handle: 'andrewbrown', message: 'Hello @worf from the e2e test', replies: [] });
    const lifetime = Date.parse(activity.expires_at as string) - Date.parse(activity.created_at);
    expect(lifetime).toBe(7 * 24 * 3600_000);
    expect((await get(`/api/activities/${activity.uuid}`)).status).toBe(200);

    expect(await post('/api/activities', { message: '', ttl: '7-days' })).toEqual({
      status: 422,
      body: { errors: ['message_blank'] },
    });
    expect(await post('/api/activities', { message: 'x'.repeat(281), ttl: '7-days' })).toEqual({
      status: 422,
      body: { errors: ['message_exceed_max_chars'] },
    });
    expect(await post('/api/activities', { message: 'hi', ttl: '2-weeks' })).toEqual({
      status: 422,
      body: { errors: ['ttl_blank'] },
    });
    expect(await post('/api/activities', {})).toEqual({
      status: 422,
      body: { errors: ['message_blank', 'ttl_blank'] },
    });
    const malformed = await post('/api/activities', undefined, '{"message": ');
    expect(malformed.status).toBe(400);
    const huge = await post('/api/activities', { message: 'x'.repeat(100_000), ttl: '7-days' });
    expect(huge).toEqual({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large', message: 'request entity too large' },
    });
    // A client's bad body is answered, not logged with a stack trace per request.
    expect(stack.gateway.logs()).not.toContain('entity.too.large');
  });

  it('POST /api/activities/:uuid/reply replies, notifies the author, validates and 404s', async () => {
    const worfsActivity = '66e12864-8c26-4c3a-9658-95a10f8fea67';
    const replied = await post(`/api/activities/${worfsActivity}/reply`, { message: 'Have some tea instead' });
    expect(replied.status).toBe(201);
    expect(replied.body as Reply).toMatchObject({ reply_to_activity_uuid: worfsActivity, handle: 'andrewbrown' });
    const after = (await get(`/api/activities/${worfsActivity}`)).body as Activity;
    expect(after.replies.map((r) => r.message)).toContain('Have some tea instead');
    expect(after.replies_count).toBe(after.replies.length);

    expect(await post(`/api/activities/${worfsActivity}/reply`, { message: 'y'.repeat(1025) })).toEqual({
      status: 422,
      body: { errors: ['message_exceed_max_chars'] },
    });
    expect((await post(`/api/activities/${worfsActivity}/reply`, { message: 'y'.repeat(1024) })).status).toBe(201);
    expect((await post('/api/activities/11111111-1111-4111-8111-111111111111/reply', { message: 'hi' })).status).toBe(
      404,
    );
  });

  it("GET /api/activities/notifications shows the signed-in user's feed", async () => {
    const { status, body } = await get('/api/activities/notifications');
    expect(status).toBe(200);
    expect((body as Notification[]).some((n) => n.message === 'I am a white unicorn')).toBe(true);
  });

  it('activity and reply events reach notifications: worf hears of the mention and the reply', async () => {
    // The gateway only shows andrewbrown's feed, so ask the notifications service directly, over TCP.
    const client = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: stack.notifications.port },
    });
    try {
      const feed = await eventually(async () => {
        const items = await firstValueFrom(client.send<Notification[]>(NotificationsPatterns.feed, { handle: 'worf' }));
        return items.length >= 2 ? items : undefined;
      });
      expect(feed).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'mention', handle: 'andrewbrown', message: 'Hello @worf from the e2e test' }),
          expect.objectContaining({ kind: 'reply', handle: 'andrewbrown', message: 'Have some tea instead' }),
        ]),
      );
    } finally {
      await client.close();
    }
  });

  it('GET /api/health reports both services up', async () => {
    const { status, body } = await get('/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      dependencies: { activities: { status: 'up' }, notifications: { status: 'up' } },
    });
  });
});

describe('faults', () => {
  it('answers 503 quickly while a service is stopped, and recovers when it is back', async () => {
    await stack.activities.stop();
    const started = Date.now();
    const down = await get('/api/activities/home');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ error: 'service_unavailable', service: 'activities' });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1000);
    const health = await get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', dependencies: { activities: { status: 'down' } } });
    // notifications is unaffected
    expect((await get('/api/activities/notifications')).status).toBe(200);

    await stack.activities.start();
    expect((await get('/api/activities/home')).status).toBe(200);
    expect((await get('/api/health')).status).toBe(200);
  });

  it('answers 503 within the timeout when a service hangs, and recovers when it resumes', async () => {
    stack.activities.pause();
    try {
      const started = Date.now();
      const hung = await get('/api/activities/home');
      const elapsed = Date.now() - started;
      expect(hung.status).toBe(503);
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 1500);
    } finally {
      stack.activities.resume();
    }
    expect((await get('/api/activities/home')).status).toBe(200);
  });

  it('a create still succeeds while notifications is down; the gateway never crashed', async () => {
    await stack.notifications.stop();
    const created = await post('/api/activities', { message: 'posted while notifications is down', ttl: '1-hour' });
    expect(created.status).toBe(201);
    expect((await get('/api/activities/notifications')).status).toBe(503);
    await stack.notifications.start();
    expect((await get('/api/activities/notifications')).status).toBe(200);
    expect(stack.gateway.pid).toBeDefined();
  });
});
