import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datagram, sampleTrace } from './sample-trace.fixture';
import { XRayBackend, type XRayBackendOptions } from './xray-backend';

const T0 = 1_760_000_000;
let dir: string;
let clockMs: number;
const open: XRayBackend[] = [];

async function backend(options: Partial<XRayBackendOptions> = {}) {
  const result = await XRayBackend.open({ maxTraces: 100, maxAgeSeconds: 3600, now: () => clockMs, ...options });
  open.push(result.backend);
  return result;
}

function gatewayNode(b: XRayBackend) {
  return b.graph.graph(T0 - 60, T0 + 60).Services.find((s) => s.Name === 'gateway');
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xray-backend-'));
  clockMs = (T0 + 1) * 1000;
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('SegmentIngest counters', () => {
  it('counts received, accepted, rejected by reason and expired; stores and graphs what it accepts', async () => {
    const { backend: b } = await backend();
    const trace = sampleTrace({ start: T0, serial: 1 });
    expect(b.ingest.receiveDatagram(datagram(trace.gateway))).toEqual({ ok: true, stored: 'added' });
    expect(b.ingest.receiveDocument(trace.activities)).toEqual({ ok: true, stored: 'added' });
    expect(b.ingest.receiveDatagram(Buffer.from('no header'))).toEqual({ ok: false, reason: 'no_header' });
    expect(b.ingest.receiveDatagram(Buffer.from('{"format":"xml"}\n{}'))).toEqual({ ok: false, reason: 'bad_header' });
    expect(b.ingest.receiveDocument('{"name":')).toEqual({ ok: false, reason: 'bad_json' });
    expect(b.ingest.receiveDocument('x'.repeat(70_000))).toEqual({ ok: false, reason: 'too_large' });
    const old = sampleTrace({ start: T0 - 7200, serial: 2 });
    expect(b.ingest.receiveDocument(old.gateway)).toEqual({ ok: true, stored: 'expired' });

    const counters = b.ingest.counters();
    expect(counters).toMatchObject({
      received: 7,
      accepted: 2,
      rejected: 4,
      expired: 1,
      replayed: 0,
      stored: { traces: 1, segments: 2 },
    });
    expect(counters.rejectedByReason).toMatchObject({
      no_header: 1,
      bad_header: 1,
      bad_json: 1,
      too_large: 1,
      bad_id: 0,
    });
    expect(gatewayNode(b)?.SummaryStatistics?.TotalCount).toBe(1);
  });

  it('counts evictions by count and by age', async () => {
    const { backend: b } = await backend({ maxTraces: 2 });
    for (let serial = 1; serial <= 3; serial++)
      b.ingest.receiveDocument(sampleTrace({ start: T0 + serial / 10, serial }).gateway);
    expect(b.ingest.counters().evicted).toEqual({ byCount: 1, byAge: 0 });
    clockMs += 3600 * 1000;
    b.store.evictExpired();
    expect(b.ingest.counters()).toMatchObject({
      evicted: { byCount: 1, byAge: 2 },
      stored: { traces: 0, segments: 0 },
    });
  });
});

describe('XRayBackend persistence', () => {
  it('replays the segment log once: same traces and graph counts, nothing appended again', async () => {
    const first = (await backend({ dataDir: dir })).backend;
    const trace = sampleTrace({ start: T0, serial: 1 });
    first.ingest.receiveDatagram(datagram(trace.gateway));
    first.ingest.receiveDatagram(datagram(trace.activities));
    await first.close();
    const logged = await readFile(join(dir, 'segments.log'), 'utf8');

    for (let restart = 0; restart < 2; restart++) {
      const { backend: again, replay } = await backend({ dataDir: dir });
      expect(replay).toEqual({ replayed: 2, skipped: 0 });
      expect(again.store.get(trace.traceId)?.segments).toHaveLength(2);
      expect(gatewayNode(again)?.SummaryStatistics?.TotalCount).toBe(1);
      expect(gatewayNode(again)?.Edges).toHaveLength(1);
      expect(again.ingest.counters()).toMatchObject({ received: 0, accepted: 0, replayed: 2 });
      await again.close();
    }
    expect(await readFile(join(dir, 'segments.log'), 'utf8')).toBe(logged);
  });

  it('restores every document byte-exact, non-ASCII text included', async () => {
    const first = (await backend({ dataDir: dir })).backend;
    const trace = sampleTrace({ start: T0, serial: 1 });
    const gateway = JSON.stringify({ ...JSON.parse(trace.gateway), annotations: { note: 'café ✓ 日本語 🚀' } }).replace(
      ',',
      ' ,',
    );
    const activities = trace.activities.replace('"activities"', '"activités"');
    first.ingest.receiveDocument(gateway);
    first.ingest.receiveDatagram(datagram(activities));
    await first.close();
    const { backend: again } = await backend({ dataDir: dir });
    expect(again.store.get(trace.traceId)?.segments.map((r) => r.json)).toEqual([gateway, activities]);
  });

  it('leaves documents past retention out of the store and the graph on replay', async () => {
    const first = (await backend({ dataDir: dir })).backend;
    first.ingest.receiveDocument(sampleTrace({ start: T0, serial: 1 }).gateway);
    await first.close();
    clockMs += 3600 * 1000;
    const { backend: later } = await backend({ dataDir: dir });
    expect(later.ingest.counters().stored.traces).toBe(0);
    expect(later.graph.graph(T0 - 60, T0 + 60).Services).toEqual([]);
  });

  it('saves groups and sampling rules on every change and restores them', async () => {
    const first = (await backend({ dataDir: dir })).backend;
    await first.changeGroups((g) =>
      g.create({ GroupName: 'Cruddur', FilterExpression: 'service("gateway") {fault OR error}' }),
    );
    await first.changeGroups((g) => g.create({ GroupName: 'Gone' }));
    await first.changeGroups((g) => g.delete({ GroupName: 'Gone' }));
    const rule = {
      RuleName: 'Cruddur',
      ResourceARN: '*',
      Priority: 9000,
      FixedRate: 0.1,
      ReservoirSize: 5,
      ServiceName: 'gateway',
    };
    await first.changeRules((r) =>
      r.create({ SamplingRule: { ...rule, ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: '*', Version: 1 } }),
    );
    await first.close();

    const { backend: again } = await backend({ dataDir: dir });
    expect(again.groups.snapshot().Groups.map((g) => g.GroupName)).toEqual(['Default', 'Cruddur']);
    expect(again.groups.get({ GroupName: 'Cruddur' }).Group.FilterExpression).toBe(
      'service("gateway") {fault OR error}',
    );
    expect(again.rules.get('Cruddur')?.SamplingRule).toMatchObject(rule);
    expect(again.counters()).toMatchObject({ groups: 2, samplingRules: 2, stateSaveFailures: 0 });
  });

  it('refuses to start on a corrupt state file, naming it', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'groups.json'), '{not json');
    await expect(XRayBackend.open({ maxTraces: 10, maxAgeSeconds: 60, dataDir: dir })).rejects.toThrow(
      /cannot restore groups/,
    );
  });

  it('keeps a change in effect and counts it when the state cannot be saved', async () => {
    const warnings: string[] = [];
    const { backend: b } = await backend({ dataDir: join(dir, 'file-not-dir'), warn: (m) => warnings.push(m) });
    const { writeFile } = await import('node:fs/promises');
    await rm(join(dir, 'file-not-dir'), { recursive: true });
    await writeFile(join(dir, 'file-not-dir'), 'blocks the directory');
    await b.changeGroups((g) => g.create({ GroupName: 'Kept' }));
    expect(b.groups.get({ GroupName: 'Kept' }).Group.GroupName).toBe('Kept');
    expect(b.counters().stateSaveFailures).toBe(1);
    expect(warnings[0]).toMatch(/could not save state/);
  });
});
