import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { CreateSamplingRuleCommand, GetSamplingStatisticSummariesCommand } from '@aws-sdk/client-xray';
import { DaemonUnderTest } from '@cruddur/test-kit';

/**
 * The real SDK's centralized sampler obeying rules created through the API. Timeline of the
 * child process: the first decision starts the pollers; rules arrive within a few ms (they are
 * fetched at once), targets after 10 s (+ up to 0.1 s jitter). Until targets arrive a rule with a
 * reservoir borrows 1 trace/s; afterwards it takes its quota, ReservoirSize/s for a single
 * client. So: seconds 2-9 show the rules are in force; from the first second with the full quota
 * (about 10-11 s in, later on a loaded machine) every whole second shows exactly the quota.
 */
const RUN_SECONDS = 16;
let daemon: DaemonUnderTest;

beforeAll(async () => {
  daemon = await DaemonUnderTest.start();
});
afterAll(async () => {
  await daemon?.stop();
});

function rule(RuleName: string, ServiceName: string, ReservoirSize: number) {
  const SamplingRule = {
    RuleName,
    ServiceName,
    ReservoirSize,
    FixedRate: 0,
    Priority: 100,
    ResourceARN: '*',
    ServiceType: '*',
    Host: '*',
    HTTPMethod: '*',
    URLPath: '*',
    Version: 1,
  };
  return new CreateSamplingRuleCommand({ SamplingRule });
}

function runSampler(services: string[]): Promise<{ start: number; perSecond: Record<string, Record<string, number>> }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(__dirname, 'fixtures/sampler-child.cjs'), String(RUN_SECONDS), ...services],
      {
        env: { ...process.env, AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.port}` },
        timeout: (RUN_SECONDS + 5) * 1000,
      },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))),
    );
  });
}

it('samples nothing under a 0/0 rule and ReservoirSize traces a second once targets arrive', async () => {
  await daemon.client.send(rule('none', 'sampler-none', 0));
  await daemon.client.send(rule('five', 'sampler-five', 5));
  const { start, perSecond } = await runSampler(['sampler-none', 'sampler-five']);
  const seconds = Object.keys(perSecond)
    .map(Number)
    .sort((a, b) => a - b);
  // Counts of the whole seconds [s, s+1) that lie inside [start+from, start+to].
  const at = (from: number, to: number) =>
    seconds.filter((s) => s >= start + from && s + 1 <= start + to).map((s) => perSecond[s]);

  const ruled = at(2, 9);
  expect(ruled.length).toBeGreaterThanOrEqual(6);
  expect(ruled.map((counts) => counts['sampler-none'])).toEqual(ruled.map(() => 0));
  // Before targets: borrowing, one a second. (A decision at a second boundary may land in the
  // neighbouring second, so one second may show 2 and the next 0; the total cannot grow.)
  const borrowed = ruled.map((counts) => counts['sampler-five']);
  expect(Math.max(...borrowed)).toBeLessThanOrEqual(2);
  expect(borrowed.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(ruled.length + 1);

  // Once the targets poll has answered (its timing moves with machine load), every whole second
  // takes exactly the quota.
  // (Boundary decisions may move one trace between neighbouring seconds: 4 and 6 instead of 5 and 5.)
  const late = at(9, RUN_SECONDS);
  const firstFull = late.findIndex((counts) => counts['sampler-five'] >= 4);
  expect(firstFull).toBeGreaterThanOrEqual(0);
  const quota = late.slice(firstFull + 1).map((counts) => counts['sampler-five']);
  expect(quota.length).toBeGreaterThanOrEqual(3);
  for (const count of quota) expect(count).toBeGreaterThanOrEqual(4);
  for (const count of quota) expect(count).toBeLessThanOrEqual(6);
  expect(Math.abs(quota.reduce((a, b) => a + b, 0) - 5 * quota.length)).toBeLessThanOrEqual(1);
  expect(late.map((counts) => counts['sampler-none'])).toEqual(late.map(() => 0));

  const summaries = await daemon.client.send(new GetSamplingStatisticSummariesCommand({}));
  expect(summaries.SamplingStatisticSummaries?.map((s) => s.RuleName).sort()).toEqual(['five', 'none']);
}, 30_000);
