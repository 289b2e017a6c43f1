import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateGroupCommand,
  CreateSamplingRuleCommand,
  GetGroupCommand,
  GetSamplingRulesCommand,
  GetServiceGraphCommand,
  type Service,
} from '@aws-sdk/client-xray';
import { CruddurStack, DaemonUnderTest, eventually, type ServiceProcess } from '@cruddur/test-kit';
import { newTraceId } from '@cruddur/xray-contracts';
import { recordFigures } from './support/figures';
import { httpClient, runConcurrently } from './support/http';
import { count } from './support/scale';
import { fetchTraces, headersFor, incompleteness, type ApiRoute, ROUTES } from './support/traffic';

/** Issue #8.4: the daemon down or killed, a downstream service killed or frozen, the daemon restarted on its data dir. */
const RPC_TIMEOUT_MS = 1500;
/** Long enough by default to span one sampling-targets poll (every 10 s). */
const OUTAGE_SECONDS = count('OUTAGE_SECONDS', 11, 60);
const client = httpClient(10);
const figures: Record<string, unknown> = {};

let dataDir: string;
let daemon: DaemonUnderTest;
let stack: CruddurStack;
let daemonEnv: Record<string, string>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'reliability-data-'));
  daemonEnv = { XRAY_DAEMON_DATA_DIR: dataDir };
  daemon = await DaemonUnderTest.start(daemonEnv);
  stack = await CruddurStack.start({
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.port}`,
    XRAY_TRUST_INCOMING_SAMPLING: 'true',
    RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS),
    HEALTH_TIMEOUT_MS: '500',
  });
});
afterAll(async () => {
  client.close();
  await stack?.stop();
  await daemon?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  recordFigures('faults', figures);
});

const window = (from: Date) => ({ StartTime: from, EndTime: new Date(Date.now() + 60_000) });

async function call(route: ApiRoute, traceHeader?: string) {
  const started = Date.now();
  const answer = await client.send(
    stack.gateway.port,
    route.method,
    route.path,
    traceHeader ? headersFor(route, traceHeader) : route.body ? { 'Content-Type': 'application/json' } : {},
    route.body,
  );
  return { ...answer, ms: Date.now() - started };
}

/** Sends `n` sampled requests over every route; returns the trace ids with their routes, and any wrong answers. */
async function sampledTraffic(n: number, concurrency: number, during?: (i: number) => void) {
  const sent = new Map<string, ApiRoute>();
  const wrong: string[] = [];
  await runConcurrently(n, concurrency, async (i) => {
    during?.(i);
    const route = ROUTES[i % ROUTES.length];
    const root = newTraceId();
    sent.set(root, route);
    const answer = await call(route, `Root=${root};Sampled=1`);
    if (answer.status !== route.status) wrong.push(`${route.name}: ${answer.status} ${answer.body.slice(0, 100)}`);
  });
  return { sent, wrong };
}

/** Waits until every trace is stored complete in the current daemon; returns what is still missing. */
async function incompleteTraces(sent: Map<string, ApiRoute>, timeoutMs = 10_000): Promise<string[]> {
  let problems: string[] = [];
  await eventually(async () => {
    const traces = await fetchTraces(daemon.client, [...sent.keys()]);
    problems = [...sent]
      .map(([id, route]) => incompleteness(traces.get(id), route))
      .filter((p): p is string => p !== undefined);
    return problems.length === 0 ? true : undefined;
  }, timeoutMs);
  return problems;
}

const lineCount = (service: ServiceProcess) =>
  service
    .logs()
    .split('\n')
    .filter((line) => line.trim() !== '').length;

it(`keeps answering, without a log storm, while the daemon is killed mid-load and down for ${OUTAGE_SECONDS} s; traces resume when it returns`, async () => {
  const port = daemon.port;
  let killed: Promise<void> | undefined;
  let logsAtKill: number[] = [];
  const services = [stack.gateway, stack.activities, stack.notifications];
  const before = await sampledTraffic(200, 10, (i) => {
    if (i === 100) {
      logsAtKill = services.map(lineCount);
      killed = daemon.kill();
    }
  });
  await killed;
  expect(before.wrong).toEqual([]);

  // The outage: sampled traffic and edge-sampled traffic (which starts the sampler's polling).
  const deadline = Date.now() + OUTAGE_SECONDS * 1000;
  let outageRequests = 0;
  const outageWrong: string[] = [];
  while (Date.now() < deadline) {
    await runConcurrently(50, 5, async (i) => {
      const route = ROUTES[i % ROUTES.length];
      const answer = await call(route, i % 2 === 0 ? `Root=${newTraceId()};Sampled=1` : undefined);
      outageRequests++;
      if (answer.status !== route.status) outageWrong.push(`${route.name}: ${answer.status}`);
    });
  }
  const newLines = services.map((s, i) => lineCount(s) - logsAtKill[i]);
  expect(outageWrong).toEqual([]);

  daemon = await DaemonUnderTest.start(daemonEnv, port);
  const after = await sampledTraffic(120, 10);
  expect(after.wrong).toEqual([]);
  const incomplete = await incompleteTraces(after.sent);
  Object.assign(figures, {
    daemonKill: {
      requestsBeforeAndDuringKill: before.sent.size,
      outageSeconds: OUTAGE_SECONDS,
      outageRequests,
      outageErrors: outageWrong.length,
      serviceLogLinesDuringOutage: { gateway: newLines[0], activities: newLines[1], notifications: newLines[2] },
      tracesAfterRestart: after.sent.size,
      incompleteAfterRestart: incomplete.length,
    },
  });
  expect(incomplete.slice(0, 10)).toEqual([]);
  // No log storm: a handful of lines at most per service, however many requests ran.
  for (const lines of newLines) expect(lines).toBeLessThanOrEqual(10);
});

it('answers 503 within its deadline when a downstream service is killed or frozen; the trace and the map show the fault', async () => {
  const from = new Date(Date.now() - 1000);
  const home = ROUTES.find((r) => r.name === 'home') as ApiRoute;
  const notifications = ROUTES.find((r) => r.name === 'notifications') as ApiRoute;
  await stack.activities.kill();
  const roots: string[] = [];
  const latencies: number[] = [];
  for (let i = 0; i < 10; i++) {
    const root = newTraceId();
    roots.push(root);
    const answer = await call(home, `Root=${root};Sampled=1`);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'service_unavailable', service: 'activities' });
    latencies.push(answer.ms);
  }
  expect(Math.max(...latencies)).toBeLessThan(RPC_TIMEOUT_MS + 500);

  // Frozen, not dead: the deadline is what answers.
  stack.notifications.pause();
  let frozenMs: number;
  try {
    const answer = await call(notifications, `Root=${newTraceId()};Sampled=1`);
    frozenMs = answer.ms;
    expect(answer.status).toBe(503);
  } finally {
    stack.notifications.resume();
  }
  expect(frozenMs).toBeGreaterThanOrEqual(RPC_TIMEOUT_MS - 50);
  expect(frozenMs).toBeLessThan(RPC_TIMEOUT_MS + 1000);

  // The trace: the gateway's remote subsegment for activities is a fault, and so is the gateway.
  const traces = await eventually(async () => {
    const found = await fetchTraces(daemon.client, roots);
    return found.size === roots.length ? found : undefined;
  });
  expect(traces?.size).toBe(roots.length);
  for (const segments of (
    traces as Map<
      string,
      { name: string; fault?: boolean; subsegments?: { name: string; namespace?: string; fault?: boolean }[] }[]
    >
  ).values()) {
    const gateway = segments.find((s) => s.name === 'gateway');
    expect(gateway?.fault).toBe(true);
    const remote = JSON.stringify(gateway);
    expect(remote).toMatch(
      /"name":"activities","[^}]*"namespace":"remote"|"namespace":"remote"[^}]*"name":"activities"/,
    );
    const calls = (function collect(s: {
      subsegments?: unknown[];
    }): { name: string; namespace?: string; fault?: boolean }[] {
      return (
        (s.subsegments ?? []) as { name: string; namespace?: string; fault?: boolean; subsegments?: unknown[] }[]
      ).flatMap((x) => [x, ...collect(x)]);
    })(gateway as { subsegments?: unknown[] }).filter((x) => x.namespace === 'remote' && x.name === 'activities');
    expect(calls.length).toBe(1);
    expect(calls[0].fault).toBe(true);
  }

  // The map: the gateway -> activities edge counts exactly these faults.
  const services = await eventually(async () => {
    const graph = await daemon.client.send(new GetServiceGraphCommand(window(from)));
    const list = graph.Services ?? [];
    const target = list.find((s) => s.Name === 'activities')?.ReferenceId;
    const edge = list.find((s) => s.Name === 'gateway')?.Edges?.find((e) => e.ReferenceId === target);
    return edge?.SummaryStatistics?.FaultStatistics?.TotalCount === roots.length ? list : undefined;
  });
  expect(services).toBeDefined();
  const list = services as Service[];
  const edge = list
    .find((s) => s.Name === 'gateway')
    ?.Edges?.find((e) => e.ReferenceId === list.find((s) => s.Name === 'activities')?.ReferenceId);
  expect(edge?.SummaryStatistics?.FaultStatistics?.TotalCount).toBe(roots.length);

  // Back: activities restarted, the same route answers again.
  await stack.activities.start();
  const recovered = await eventually(async () => ((await call(home)).status === 200 ? true : undefined), 10_000);
  expect(recovered).toBe(true);
  Object.assign(figures, {
    downstreamKilled: {
      requests: roots.length,
      status: 503,
      maxLatencyMs: Math.max(...latencies),
      frozenLatencyMs: frozenMs,
      rpcTimeoutMs: RPC_TIMEOUT_MS,
      faultEdgeCount: edge?.SummaryStatistics?.FaultStatistics?.TotalCount,
    },
  });
});

it('keeps traces, groups and sampling rules across a crash (SIGKILL) and a clean restart on its data dir', async () => {
  const port = daemon.port;
  await daemon.client.send(
    new CreateGroupCommand({ GroupName: 'Reliability', FilterExpression: 'service("gateway") {fault OR error}' }),
  );
  await daemon.client.send(
    new CreateSamplingRuleCommand({
      SamplingRule: {
        RuleName: 'reliability',
        ResourceARN: '*',
        Priority: 50,
        FixedRate: 0.5,
        ReservoirSize: 2,
        ServiceName: 'gateway',
        ServiceType: '*',
        Host: '*',
        HTTPMethod: '*',
        URLPath: '*',
        Version: 1,
      },
    }),
  );
  const { sent, wrong } = await sampledTraffic(60, 6);
  expect(wrong).toEqual([]);
  expect(await incompleteTraces(sent)).toEqual([]);
  // Past the segment log's flush interval (1 s): what a crash may lose is at most the last second.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const results: Record<string, unknown> = {};
  for (const how of ['SIGKILL', 'SIGTERM'] as const) {
    if (how === 'SIGKILL') await daemon.kill();
    else await daemon.stop();
    daemon = await DaemonUnderTest.start(daemonEnv, port);
    const group = await daemon.client.send(new GetGroupCommand({ GroupName: 'Reliability' }));
    expect(group.Group?.FilterExpression).toBe('service("gateway") {fault OR error}');
    const rules = await daemon.client.send(new GetSamplingRulesCommand({}));
    expect(rules.SamplingRuleRecords?.map((r) => r.SamplingRule?.RuleName)).toContain('reliability');
    const incomplete = await incompleteTraces(sent, 2000);
    expect(incomplete).toEqual([]);
    results[how] = {
      traces: sent.size,
      incomplete: incomplete.length,
      replayLine: /data dir: .*/.exec(daemon.logs())?.[0],
    };
  }
  Object.assign(figures, { dataDirRestart: results });
});
