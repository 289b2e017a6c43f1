import {
  CreateSamplingRuleCommand,
  GetSamplingStatisticSummariesCommand,
  UpdateSamplingRuleCommand,
} from '@aws-sdk/client-xray';
import { DaemonUnderTest, eventually, samplingRuleInput as ruleInput } from '@cruddur/test-kit';
import { newTraceId } from '@cruddur/xray-contracts';
import type { SampleRequest } from './sampler';
import { systemClock } from './sampler-clock';
import { httpSamplingTransport } from './sampling-api';
import { XRayRemoteSampler } from './xray-remote-sampler';

/**
 * Our sampler against the real local daemon (the test target builds it first): rules created
 * through the X-Ray API are picked up and applied, the quota the daemon hands out is taken, and
 * the counts reach the daemon's statistics. Time is real but frozen while a burst of decisions
 * is made, so each burst falls in one second; targets are reported every second (an option),
 * not every 10 s, to keep the test short.
 */
let daemon: DaemonUnderTest;
let sampler: XRayRemoteSampler;
let frozen: number | undefined;
const warnings: string[] = [];

beforeAll(async () => {
  daemon = await DaemonUnderTest.start();
  for (const [RuleName, ServiceName, ReservoirSize, FixedRate] of [
    ['none', 'sampler-none', 0, 0],
    ['five', 'sampler-five', 5, 0],
    ['all', 'sampler-all', 0, 1],
  ] as const) {
    const { SamplingRule } = ruleInput({ RuleName, ServiceName, ReservoirSize, FixedRate, Priority: 10 });
    await daemon.client.send(new CreateSamplingRuleCommand({ SamplingRule }));
  }
  sampler = new XRayRemoteSampler({
    transport: httpSamplingTransport(daemon.url(''), 2000),
    fallback: { shouldSample: () => ({ sampled: false, rule: 'fallback' }) },
    logger: { warn: (line) => warnings.push(line) },
    clock: { now: () => frozen ?? Date.now(), setTimer: systemClock.setTimer },
    targetsIntervalMs: 1000,
  }).start();
});
afterAll(async () => {
  sampler?.shutdown();
  await daemon?.stop();
});

const request = (serviceName: string): SampleRequest => ({
  serviceName,
  host: 'localhost',
  httpMethod: 'GET',
  urlPath: '/',
});

/** `n` decisions for `serviceName` within one (frozen) second: how many were sampled, and by which rule. */
function burst(serviceName: string, n: number): { sampled: number; rules: string[] } {
  frozen = Date.now();
  const decisions = Array.from({ length: n }, () => sampler.shouldSample(request(serviceName), newTraceId()));
  frozen = undefined;
  const sampled = decisions.filter((d) => d.sampled);
  return { sampled: sampled.length, rules: [...new Set(sampled.map((d) => d.rule ?? '-'))] };
}

it("picks up the daemon's rules and applies them by service name, with its Default for the rest", async () => {
  expect(await eventually(async () => (sampler.ruleNames().length > 1 ? sampler.ruleNames() : undefined))).toEqual([
    'all',
    'five',
    'none',
    'Default',
  ]);
  expect(burst('sampler-all', 10)).toEqual({ sampled: 10, rules: ['all'] });
  expect(burst('sampler-none', 10)).toEqual({ sampled: 0, rules: [] });
  // No target yet: the reservoir rule borrows one a second.
  expect(burst('sampler-five', 10)).toEqual({ sampled: 1, rules: ['five'] });
  expect(burst('someone-else', 1).rules).toEqual(['Default']);
});

it('takes the quota the daemon hands out once its counts were reported, and the counts reach the daemon', async () => {
  // Keep the rule busy until the daemon has answered a report with its quota: 5 a second.
  const full = await eventually(async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { sampled } = burst('sampler-five', 10);
    return sampled === 5 ? sampled : undefined;
  }, 10_000);
  expect(full).toBe(5);

  const reported = await eventually(async () => {
    const { SamplingStatisticSummaries = [] } = await daemon.client.send(new GetSamplingStatisticSummariesCommand({}));
    const five = SamplingStatisticSummaries.filter((s) => s.RuleName === 'five');
    return five.length > 0 ? five : undefined;
  });
  const total = (reported ?? []).reduce((sum, s) => sum + (s.RequestCount ?? 0), 0);
  expect(total).toBeGreaterThanOrEqual(10);
  expect((reported ?? []).reduce((sum, s) => sum + (s.BorrowCount ?? 0), 0)).toBeGreaterThanOrEqual(1);
}, 20_000);

it('fetches the rules again when a rule changes, without waiting for the next rules poll', async () => {
  await daemon.client.send(new UpdateSamplingRuleCommand({ SamplingRuleUpdate: { RuleName: 'none', FixedRate: 1 } }));
  // The next report of a busy rule (the daemon asks for one every 10 s) answers with the new
  // LastRuleModification.
  const changed = await eventually(async () => {
    burst('sampler-five', 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { sampled } = burst('sampler-none', 5);
    return sampled === 5 ? sampled : undefined;
  }, 15_000);
  expect(changed).toBe(5);
  expect(warnings).toEqual([]);
}, 25_000);
