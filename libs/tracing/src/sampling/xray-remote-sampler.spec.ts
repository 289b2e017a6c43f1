import type { SamplingRule } from '@cruddur/xray-contracts';
import type { SampleRequest, Sampler } from './sampler';
import type { SamplerClock } from './sampler-clock';
import type { SamplingApiRequests, SamplingTransport } from './sampling-api';
import { wireSamplingRule as rule } from '@cruddur/test-kit';
import { XRayRemoteSampler } from './xray-remote-sampler';

const T0 = Date.UTC(2026, 11, 3, 8, 0, 0);

/** Time that moves only when the test says; timers run in due order. */
class FakeClock implements SamplerClock {
  time = T0;
  timers: { at: number; callback: () => void }[] = [];
  now = () => this.time;
  setTimer(callback: () => void, delayMs: number) {
    const timer = { at: this.time + delayMs, callback };
    this.timers.push(timer);
    return { cancel: () => (this.timers = this.timers.filter((t) => t !== timer)) };
  }
  /** Moves time on by `ms`, running each timer that falls due and letting its poll finish. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = Math.max(this.time, next.at);
      next.callback();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

type Answer = (body: unknown) => unknown;

/** Answers each path with the function set for it; records every call. */
class FakeTransport implements SamplingTransport {
  calls: { path: keyof SamplingApiRequests; body: unknown }[] = [];
  answers: Partial<Record<keyof SamplingApiRequests, Answer>> = {};
  async post<P extends keyof SamplingApiRequests>(path: P, body: SamplingApiRequests[P]): Promise<unknown> {
    this.calls.push({ path, body });
    const answer = this.answers[path];
    if (!answer) throw new Error('connection refused');
    return answer(body);
  }
  bodies(path: keyof SamplingApiRequests): unknown[] {
    return this.calls.filter((c) => c.path === path).map((c) => c.body);
  }
}

const rulesAnswer =
  (...rules: SamplingRule[]): Answer =>
  () => ({ SamplingRuleRecords: rules.map((SamplingRule) => ({ SamplingRule, CreatedAt: 0, ModifiedAt: 0 })) });

const targetsAnswer =
  (
    targets: Record<string, { quota?: number; ttlMs?: number; rate?: number; interval?: number }>,
    modified = 0,
  ): Answer =>
  () => ({
    SamplingTargetDocuments: Object.entries(targets).map(([RuleName, t]) => ({
      RuleName,
      FixedRate: t.rate ?? 0,
      ReservoirQuota: t.quota,
      ReservoirQuotaTTL: t.ttlMs,
      Interval: t.interval ?? 10,
    })),
    LastRuleModification: modified,
    UnprocessedStatistics: [],
  });

const request = (fields: Partial<SampleRequest> = {}): SampleRequest => ({
  serviceName: 'gateway',
  host: 'localhost:4567',
  httpMethod: 'GET',
  urlPath: '/api/activities/home',
  ...fields,
});

const TRACE = '1-6759f0a1-bd862e3fe1be46a994272793';
const fallback: Sampler = { shouldSample: () => ({ sampled: true, rule: 'local' }) };

let clock: FakeClock;
let transport: FakeTransport;
let warnings: string[];
let random: number;

function sampler(): XRayRemoteSampler {
  return new XRayRemoteSampler({
    transport,
    fallback,
    logger: { warn: (line) => warnings.push(line) },
    clock,
    random: () => random,
    clientId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
  }).start();
}

/** How many of `n` decisions in the current second were sampled, by rule name (or `-`). */
function decide(s: Sampler, n: number, fields: Partial<SampleRequest> = {}): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const decision = s.shouldSample(request(fields), TRACE);
    const key = decision.sampled ? (decision.rule ?? '-') : 'no';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

beforeEach(() => {
  clock = new FakeClock();
  transport = new FakeTransport();
  warnings = [];
  random = 0.5;
});

describe('XRayRemoteSampler: rules', () => {
  it('uses the fallback until rules arrive, then matches in priority order, then by name, with wildcards', async () => {
    transport.answers['/GetSamplingRules'] = rulesAnswer(
      rule({ RuleName: 'Default', Priority: 10000, FixedRate: 0.05, ReservoirSize: 1 }),
      rule({ RuleName: 'b-health', Priority: 10, URLPath: '/api/health*', FixedRate: 1 }),
      rule({ RuleName: 'a-posts', Priority: 10, HTTPMethod: 'POST', FixedRate: 1 }),
      rule({ RuleName: 'first', Priority: 1, ServiceName: 'activ?ties', FixedRate: 1 }),
      rule({ RuleName: 'host', Priority: 20, Host: '*.example.COM', FixedRate: 1 }),
    );
    const s = sampler();
    expect(s.shouldSample(request(), TRACE)).toEqual({ sampled: true, rule: 'local' });
    await clock.advance(0);
    expect(s.ruleNames()).toEqual(['first', 'a-posts', 'b-health', 'host', 'Default']);
    expect(s.shouldSample(request({ serviceName: 'Activities' }), TRACE).rule).toBe('first');
    expect(s.shouldSample(request({ httpMethod: 'POST', urlPath: '/api/health' }), TRACE).rule).toBe('a-posts');
    expect(s.shouldSample(request({ urlPath: '/api/health/live' }), TRACE).rule).toBe('b-health');
    expect(s.shouldSample(request({ host: 'api.example.com' }), TRACE).rule).toBe('host');
    // Default: its one request a second is borrowed (no target yet), then 5% (0.5 is not below it).
    expect(decide(s, 3)).toEqual({ Default: 1, no: 2 });
    s.shutdown();
  });

  it('skips rules it cannot match (other versions, resources, attributes) and warns about malformed ones', async () => {
    transport.answers['/GetSamplingRules'] = () => ({
      SamplingRuleRecords: [
        { SamplingRule: rule({ RuleName: 'v2', Version: 2 }) },
        { SamplingRule: rule({ RuleName: 'arn', ResourceARN: 'arn:aws:ecs:*' }) },
        { SamplingRule: { ...rule({ RuleName: 'attributes' }), Attributes: { team: 'x' } } },
        { SamplingRule: { ...rule({ RuleName: 'bad-rate' }), FixedRate: 2 } },
        { nothing: true },
        { SamplingRule: rule({ RuleName: 'ok', Priority: 5000 }) },
      ],
    });
    const s = sampler();
    await clock.advance(0);
    expect(s.ruleNames()).toEqual(['ok']);
    expect(warnings).toEqual([
      'X-Ray sampling: rule "bad-rate" ignored: FixedRate must be in 0..1',
      'X-Ray sampling: SamplingRuleRecords[4] has no SamplingRule',
    ]);
    s.shutdown();
  });

  it('follows NextToken through every page of rules', async () => {
    transport.answers['/GetSamplingRules'] = (body) =>
      (body as { NextToken?: string }).NextToken === 'p2'
        ? rulesAnswer(rule({ RuleName: 'two', Priority: 2 }))(body)
        : { ...(rulesAnswer(rule({ RuleName: 'one', Priority: 1 }))(body) as object), NextToken: 'p2' };
    const s = sampler();
    await clock.advance(0);
    expect(s.ruleNames()).toEqual(['one', 'two']);
    expect(transport.bodies('/GetSamplingRules')).toEqual([{}, { NextToken: 'p2' }]);
    s.shutdown();
  });

  it('keeps the last rules when a poll fails or answers nonsense, warns, and polls again 5 minutes later', async () => {
    transport.answers['/GetSamplingRules'] = rulesAnswer(rule({ RuleName: 'kept', FixedRate: 1 }));
    transport.answers['/SamplingTargets'] = targetsAnswer({});
    random = 0; // no jitter
    const s = sampler();
    await clock.advance(0);
    delete transport.answers['/GetSamplingRules'];
    await clock.advance(300_000);
    expect(s.shouldSample(request(), TRACE)).toEqual({ sampled: true, rule: 'kept' });
    transport.answers['/GetSamplingRules'] = () => ({ rules: [] });
    await clock.advance(300_000);
    expect(s.shouldSample(request(), TRACE)).toEqual({ sampled: true, rule: 'kept' });
    expect(transport.bodies('/GetSamplingRules')).toHaveLength(3);
    expect(warnings).toEqual([
      'X-Ray sampling: could not get sampling rules (connection refused); keeping the last ones, retrying next interval',
      'X-Ray sampling: could not get sampling rules (GetSamplingRules answer has no SamplingRuleRecords list); keeping the last ones, retrying next interval',
    ]);
    s.shutdown();
  });

  it('asks for the rules every 10 s until the first arrive (a daemon started after the service)', async () => {
    random = 0;
    const s = sampler();
    await clock.advance(0);
    await clock.advance(10_000);
    expect(transport.bodies('/GetSamplingRules')).toHaveLength(2);
    transport.answers['/GetSamplingRules'] = rulesAnswer(rule({ RuleName: 'late', FixedRate: 1 }));
    await clock.advance(10_000);
    expect(s.shouldSample(request(), TRACE).rule).toBe('late');
    // From then on, every 5 minutes.
    await clock.advance(200_000);
    expect(transport.bodies('/GetSamplingRules')).toHaveLength(3);
    s.shutdown();
  });

  it('falls back to the local rules when the rules were not refreshed for an hour', async () => {
    transport.answers['/GetSamplingRules'] = rulesAnswer(rule({ RuleName: 'old', FixedRate: 1 }));
    const s = sampler();
    await clock.advance(0);
    delete transport.answers['/GetSamplingRules'];
    await clock.advance(59 * 60_000);
    expect(s.shouldSample(request(), TRACE).rule).toBe('old');
    await clock.advance(2 * 60_000);
    expect(s.shouldSample(request(), TRACE).rule).toBe('local');
    s.shutdown();
  });
});

describe('XRayRemoteSampler: reservoir, borrowing and rate', () => {
  beforeEach(() => {
    transport.answers['/GetSamplingRules'] = rulesAnswer(
      rule({ RuleName: 'five', ReservoirSize: 5, FixedRate: 0 }),
      rule({ RuleName: 'none', ServiceName: 'quiet', ReservoirSize: 0, FixedRate: 0 }),
    );
  });

  it('borrows one a second before the first target, takes the quota while valid, borrows again when it expired', async () => {
    const s = sampler();
    await clock.advance(0);
    expect(decide(s, 10)).toEqual({ five: 1, no: 9 });
    expect(decide(s, 10, { serviceName: 'quiet' })).toEqual({ no: 10 });
    await clock.advance(1000);
    expect(decide(s, 10)).toEqual({ five: 1, no: 9 });

    transport.answers['/SamplingTargets'] = targetsAnswer({ five: { quota: 3, ttlMs: clock.time + 20_000 } });
    await clock.advance(9_000);
    expect(transport.bodies('/SamplingTargets')).toHaveLength(1);
    expect(decide(s, 10)).toEqual({ five: 3, no: 7 });
    await clock.advance(1000);
    expect(decide(s, 10)).toEqual({ five: 3, no: 7 });

    // The next report fails: the quota runs out at its TTL and borrowing resumes.
    delete transport.answers['/SamplingTargets'];
    await clock.advance(15_000);
    expect(decide(s, 10)).toEqual({ five: 1, no: 9 });
    s.shutdown();
  });

  it("applies the target's FixedRate past the quota, the rule's before any target", async () => {
    transport.answers['/GetSamplingRules'] = rulesAnswer(rule({ RuleName: 'half', ReservoirSize: 0, FixedRate: 0.5 }));
    const s = sampler();
    await clock.advance(0);
    random = 0.4;
    expect(decide(s, 4)).toEqual({ half: 4 });
    random = 0.6;
    expect(decide(s, 4)).toEqual({ no: 4 });
    transport.answers['/SamplingTargets'] = targetsAnswer({
      half: { rate: 0.7, quota: 0, ttlMs: clock.time + 60_000 },
    });
    await clock.advance(10_000);
    expect(decide(s, 4)).toEqual({ half: 4 });
    random = 0.8;
    expect(decide(s, 4)).toEqual({ no: 4 });
    s.shutdown();
  });

  it('reads a TTL in epoch seconds (the X-Ray API) as well as in milliseconds (the local daemon)', async () => {
    const s = sampler();
    await clock.advance(0);
    decide(s, 1);
    transport.answers['/SamplingTargets'] = targetsAnswer({ five: { quota: 4, ttlMs: (clock.time + 30_000) / 1000 } });
    await clock.advance(10_000);
    expect(decide(s, 10)).toEqual({ five: 4, no: 6 });
    s.shutdown();
  });
});

describe('XRayRemoteSampler: statistics and targets', () => {
  beforeEach(() => {
    transport.answers['/GetSamplingRules'] = rulesAnswer(
      rule({ RuleName: 'five', ReservoirSize: 5, FixedRate: 0 }),
      rule({ RuleName: 'idle', ServiceName: 'idle', ReservoirSize: 1, FixedRate: 0 }),
    );
  });

  it("reports each matched rule's counts with the client id every 10 s and starts the counts again", async () => {
    transport.answers['/SamplingTargets'] = targetsAnswer({ five: { quota: 2, ttlMs: T0 + 60_000 } });
    const s = sampler();
    await clock.advance(0);
    decide(s, 3);
    await clock.advance(10_000);
    decide(s, 4);
    await clock.advance(10_000);
    await clock.advance(10_000);
    const documents = transport.bodies('/SamplingTargets');
    expect(documents).toEqual([
      {
        SamplingStatisticsDocuments: [
          {
            RuleName: 'five',
            ClientID: 'aaaaaaaaaaaaaaaaaaaaaaaa',
            Timestamp: Math.floor(T0 / 1000) + 10,
            RequestCount: 3,
            SampledCount: 1,
            BorrowCount: 1,
          },
        ],
      },
      {
        SamplingStatisticsDocuments: [
          {
            RuleName: 'five',
            ClientID: 'aaaaaaaaaaaaaaaaaaaaaaaa',
            Timestamp: Math.floor(T0 / 1000) + 20,
            RequestCount: 4,
            SampledCount: 2,
            BorrowCount: 0,
          },
        ],
      },
    ]);
    s.shutdown();
  });

  it('a random client id is 24 hex digits, one per sampler', () => {
    const a = new XRayRemoteSampler({ transport, fallback, logger: { warn: () => undefined } });
    const b = new XRayRemoteSampler({ transport, fallback, logger: { warn: () => undefined } });
    expect(a.clientId).toMatch(/^[0-9a-f]{24}$/);
    expect(a.clientId).not.toBe(b.clientId);
  });

  it("reports sooner when a target's Interval says so, and fetches the rules again when they changed", async () => {
    random = 0;
    transport.answers['/SamplingTargets'] = targetsAnswer({ five: { quota: 1, ttlMs: T0 + 60_000, interval: 3 } });
    const s = sampler();
    await clock.advance(0);
    decide(s, 1);
    await clock.advance(10_000);
    decide(s, 1);
    await clock.advance(3_000);
    expect(transport.bodies('/SamplingTargets')).toHaveLength(2);
    expect(transport.bodies('/GetSamplingRules')).toHaveLength(1);

    transport.answers['/SamplingTargets'] = targetsAnswer({ five: { interval: 3 } }, clock.time);
    transport.answers['/GetSamplingRules'] = rulesAnswer(rule({ RuleName: 'new', FixedRate: 1 }));
    decide(s, 1);
    await clock.advance(3_000);
    expect(transport.bodies('/GetSamplingRules')).toHaveLength(2);
    expect(s.ruleNames()).toEqual(['new']);
    s.shutdown();
  });

  it('ignores invalid target answers and documents with a warning', async () => {
    const s = sampler();
    await clock.advance(0);
    transport.answers['/SamplingTargets'] = () => ({ SamplingTargetDocuments: [] });
    decide(s, 1);
    await clock.advance(10_000);
    transport.answers['/SamplingTargets'] = () => ({
      LastRuleModification: 0,
      SamplingTargetDocuments: [{ RuleName: 'five', FixedRate: 7, ReservoirQuota: 5, ReservoirQuotaTTL: T0 + 60_000 }],
      UnprocessedStatistics: [{ RuleName: 'gone', ErrorCode: '400', Message: 'Sampling rule gone does not exist' }],
    });
    decide(s, 1);
    await clock.advance(10_000);
    // Neither answer gave a quota: still borrowing.
    await clock.advance(1000);
    expect(decide(s, 5)).toEqual({ five: 1, no: 4 });
    expect(warnings).toEqual([
      'X-Ray sampling: could not get sampling targets (SamplingTargets answer has no LastRuleModification); keeping the last ones, retrying next interval',
      'X-Ray sampling: SamplingTargetDocuments[0] ignored: FixedRate must be in 0..1',
      'X-Ray sampling: statistics for rule gone not taken: Sampling rule gone does not exist',
    ]);
    s.shutdown();
  });

  it('stops polling on shutdown', async () => {
    const s = sampler();
    await clock.advance(0);
    decide(s, 1);
    s.shutdown();
    expect(clock.timers).toEqual([]);
    await clock.advance(600_000);
    expect(transport.calls.map((c) => c.path)).toEqual(['/GetSamplingRules']);
  });
});
