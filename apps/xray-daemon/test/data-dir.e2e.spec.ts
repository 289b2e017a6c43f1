import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchGetTracesCommand,
  CreateGroupCommand,
  GetGroupCommand,
  GetSamplingRulesCommand,
  GetServiceGraphCommand,
} from '@aws-sdk/client-xray';
import { DaemonUnderTest, eventually, freePort, SEED_RULE_FILE } from '@cruddur/test-kit';
import { emitTrace } from './emit-trace';

let dir: string;
let daemon: DaemonUnderTest | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xray-daemon-data-'));
});
afterAll(async () => {
  await daemon?.stop();
  await rm(dir, { recursive: true, force: true });
});

const window = () => ({ StartTime: new Date(Date.now() - 60_000), EndTime: new Date(Date.now() + 60_000) });

it('keeps traces, groups and sampling rules across a restart, without doubling graph counts', async () => {
  const port = await freePort();
  const env = { XRAY_DAEMON_DATA_DIR: dir, XRAY_DAEMON_SAMPLING_RULES: SEED_RULE_FILE };
  daemon = await DaemonUnderTest.start(env, port);
  await daemon.client.send(
    new CreateGroupCommand({ GroupName: 'Cruddur', FilterExpression: 'service("gateway") {fault OR error}' }),
  );
  const traceId = emitTrace(port, true);
  const first = daemon;
  expect(await eventually(async () => ((await first.counters()).ingest.stored.segments === 2 ? true : undefined))).toBe(
    true,
  );
  await daemon.stop(); // SIGTERM: flushes the segment log

  daemon = await DaemonUnderTest.start(env, port);
  expect(daemon.logs()).toMatch(/2 segments replayed/);
  const group = await daemon.client.send(new GetGroupCommand({ GroupName: 'Cruddur' }));
  expect(group.Group?.FilterExpression).toBe('service("gateway") {fault OR error}');
  const rules = await daemon.client.send(new GetSamplingRulesCommand({}));
  expect(rules.SamplingRuleRecords?.map((r) => r.SamplingRule?.RuleName)).toEqual(['Cruddur', 'Default']);
  const traces = await daemon.client.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
  expect(traces.Traces?.[0].Segments).toHaveLength(2);
  const graph = await daemon.client.send(new GetServiceGraphCommand(window()));
  expect(graph.Services?.find((s) => s.Name === 'gateway')?.SummaryStatistics?.TotalCount).toBe(1);
  const groupGraph = await daemon.client.send(new GetServiceGraphCommand({ ...window(), GroupName: 'Cruddur' }));
  expect(groupGraph.Services?.find((s) => s.Name === 'gateway')?.SummaryStatistics?.FaultStatistics?.TotalCount).toBe(
    1,
  );
});
