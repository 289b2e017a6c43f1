import { newTraceId } from '@cruddur/xray-contracts';
import { allSubsegments, CollectedSegment, CruddurStack, SegmentCollector } from '@cruddur/test-kit';

let collector: SegmentCollector;
let stack: CruddurStack;

beforeAll(async () => {
  collector = await SegmentCollector.start();
  stack = await CruddurStack.start({
    AWS_XRAY_DAEMON_ADDRESS: collector.address,
    // The test plays a trusted upstream that decides sampling, so each request's fate is known.
    XRAY_TRUST_INCOMING_SAMPLING: 'true',
    RPC_TIMEOUT_MS: '1500',
  });
});

afterAll(async () => {
  await stack?.stop();
  await collector?.close();
});

async function tracedRequest(path: string, traceId: string, sampled: '0' | '1', init: RequestInit = {}) {
  const res = await fetch(stack.url(path), {
    ...init,
    headers: { ...(init.headers as Record<string, string>), 'X-Amzn-Trace-Id': `Root=${traceId};Sampled=${sampled}` },
  });
  await res.arrayBuffer();
  return res;
}

const byName = (segments: CollectedSegment[], name: string) => segments.filter((s) => s.name === name);
const remoteCalls = (segment: CollectedSegment) => allSubsegments(segment).filter((s) => s.namespace === 'remote');

/** Every downstream segment hangs off a remote subsegment of its caller, within the trace. */
function expectLinked(segments: CollectedSegment[]): void {
  const remoteIds = new Map(segments.flatMap((s) => remoteCalls(s).map((r) => [r.id, r] as const)));
  for (const segment of segments) {
    if (segment.name === 'gateway') {
      expect(segment.parent_id).toBeUndefined();
      continue;
    }
    expect(segment.parent_id).toBeDefined();
    const caller = remoteIds.get(segment.parent_id as string);
    expect(caller).toBeDefined();
    expect(caller?.name).toBe(segment.name);
  }
}

describe('one request is one trace across services', () => {
  it('GET home: gateway segment with a remote subsegment, and activities continuing it', async () => {
    const traceId = newTraceId();
    const res = await tracedRequest('/api/activities/home', traceId, '1');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-trace-id')).toBe(`Root=${traceId};Sampled=1`);
    const segments = await collector.waitForTrace(traceId, (s) => s.length >= 2);
    expect(segments.map((s) => s.name).sort()).toEqual(['activities', 'gateway']);
    const [gateway] = byName(segments, 'gateway');
    expect(gateway.http?.request).toMatchObject({
      method: 'GET',
      url: expect.stringContaining('/api/activities/home'),
      client_ip: '127.0.0.1',
    });
    expect(gateway.http?.response?.status).toBe(200);
    expect(gateway.fault ?? false).toBe(false);
    const [call] = remoteCalls(gateway);
    expect(call).toMatchObject({
      name: 'activities',
      namespace: 'remote',
      annotations: { rpc_pattern: 'activities.home' },
    });
    expectLinked(segments);
  });

  it('GET notifications: the seed subsegments with their annotation and metadata', async () => {
    const traceId = newTraceId();
    expect((await tracedRequest('/api/activities/notifications', traceId, '1')).status).toBe(200);
    const segments = await collector.waitForTrace(traceId, (s) => s.length >= 2);
    expectLinked(segments);
    const [notifications] = byName(segments, 'notifications');
    const parent = notifications.subsegments?.find((s) => s.name === 'notifications_activities');
    expect(parent?.annotations).toEqual({ URI: '/api/activities/notifications' });
    const child = parent?.subsegments?.find((s) => s.name === 'returning_mock_data');
    expect(child?.metadata?.default).toEqual({ number: expect.any(Number) });
    expect((child?.metadata?.default as { number?: number } | undefined)?.number).toBeGreaterThanOrEqual(1);
  });

  it('POST activity: gateway -> activities -> notifications (event), all one trace', async () => {
    const traceId = newTraceId();
    const res = await tracedRequest('/api/activities', traceId, '1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'tracing @worf', ttl: '1-day' }),
    });
    expect(res.status).toBe(201);
    const segments = await collector.waitForTrace(traceId, (s) => s.length >= 3);
    expect(segments.map((s) => s.name).sort()).toEqual(['activities', 'gateway', 'notifications']);
    expectLinked(segments);
    const [activities] = byName(segments, 'activities');
    expect(remoteCalls(activities)[0]).toMatchObject({
      name: 'notifications',
      annotations: { rpc_pattern: 'activity.created' },
    });
  });

  it('POST reply: the reply event reaches notifications in the same trace', async () => {
    const traceId = newTraceId();
    const res = await tracedRequest('/api/activities/66e12864-8c26-4c3a-9658-95a10f8fea67/reply', traceId, '1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'traced reply' }),
    });
    expect(res.status).toBe(201);
    const segments = await collector.waitForTrace(traceId, (s) => s.length >= 3);
    expect(segments.map((s) => s.name).sort()).toEqual(['activities', 'gateway', 'notifications']);
    expectLinked(segments);
  });

  it('a 404 marks error (not fault) on the gateway, its call and the service, with the cause', async () => {
    const traceId = newTraceId();
    expect((await tracedRequest('/api/activities/@nobody', traceId, '1')).status).toBe(404);
    const segments = await collector.waitForTrace(traceId, (s) => s.length >= 2);
    expectLinked(segments);
    const [gateway] = byName(segments, 'gateway');
    expect(gateway).toMatchObject({ error: true, http: { response: { status: 404 } } });
    expect(gateway.fault).toBeUndefined();
    expect(remoteCalls(gateway)[0]).toMatchObject({ error: true });
    expect(byName(segments, 'activities')[0]).toMatchObject({ error: true });
    expect(JSON.stringify(gateway.cause)).toContain('no user with handle @nobody');
  });

  it('an unsampled request sends nothing from any service, and says so', async () => {
    const traceId = newTraceId();
    const res = await tracedRequest('/api/activities', traceId, '0', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'not traced @worf', ttl: '1-day' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-amzn-trace-id')).toBe(`Root=${traceId};Sampled=0`);
    // A sampled request sent after it arrives in full; the unsampled one must still be absent.
    const marker = newTraceId();
    await tracedRequest('/api/activities/notifications', marker, '1');
    await collector.waitForTrace(marker, (s) => s.length >= 2);
    expect(collector.forTrace(traceId)).toEqual([]);
  });

  it('a malformed or oversized header starts a fresh trace and is never reflected', async () => {
    for (const bad of [
      'Root=1-zzz;Sampled=1',
      'Root=1-5759e988-bd862e3fe1be46a99427279;Sampled=1',
      `Root=${newTraceId()};Parent=${'a'.repeat(600)};Sampled=1`,
      'garbage\u00ff',
    ]) {
      const res = await fetch(stack.url('/api/activities/home'), { headers: { 'X-Amzn-Trace-Id': bad } });
      expect(res.status).toBe(200);
      const answered = res.headers.get('x-amzn-trace-id') ?? '';
      expect(answered).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=[01]$/);
      expect(answered).not.toContain(bad);
      await res.arrayBuffer();
    }
  });

  it('200 interleaved concurrent requests never mix segments between traces', async () => {
    const ids = Array.from({ length: 200 }, () => newTraceId());
    const responses = await Promise.all(
      ids.map((id, i) =>
        tracedRequest(i % 2 ? `/api/activities/search?term=${id.slice(-6)}` : '/api/activities/notifications', id, '1'),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    for (const [i, id] of ids.entries()) {
      const segments = await collector.waitForTrace(id, (s) => s.length >= 2);
      expect(segments.map((s) => s.name).sort()).toEqual(
        i % 2 ? ['activities', 'gateway'] : ['gateway', 'notifications'],
      );
      expectLinked(segments);
      const [gateway] = byName(segments, 'gateway');
      if (i % 2) expect(gateway.http?.request?.url).toContain(`term=${id.slice(-6)}`);
      expect(remoteCalls(gateway)).toHaveLength(1);
    }
  });

  it('a stopped service: 503 at the gateway, fault on the gateway and on its remote subsegment', async () => {
    await stack.activities.stop();
    try {
      const traceId = newTraceId();
      expect((await tracedRequest('/api/activities/home', traceId, '1')).status).toBe(503);
      const [gateway] = await collector.waitForTrace(traceId, (s) => s.length >= 1);
      expect(gateway).toMatchObject({ name: 'gateway', fault: true, http: { response: { status: 503 } } });
      expect(remoteCalls(gateway)[0]).toMatchObject({ name: 'activities', fault: true });
    } finally {
      await stack.activities.start();
    }
  });
});
