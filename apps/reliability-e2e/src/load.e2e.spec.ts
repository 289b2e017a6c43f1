import { GetServiceGraphCommand, type Service } from '@aws-sdk/client-xray';
import { CruddurStack, DaemonUnderTest, eventually } from '@cruddur/test-kit';
import { newTraceId } from '@cruddur/xray-contracts';
import { recordFigures } from './support/figures';
import { httpClient, runConcurrently } from './support/http';
import { rssKb, udpSnmp, udpSocketDrops } from './support/proc-stats';
import { count } from './support/scale';
import { fetchTraces, headersFor, incompleteness, type ApiRoute, ROUTES } from './support/traffic';

/** Issue #8.5: load through the gateway at 100% sampling; every trace complete, the map's counts exact. */
const REQUESTS = count('LOAD_REQUESTS', 2000, 10_000);
const CONCURRENCY = 50;

let daemon: DaemonUnderTest;
let stack: CruddurStack;
const client = httpClient(CONCURRENCY);

beforeAll(async () => {
  daemon = await DaemonUnderTest.start({ XRAY_DAEMON_MAX_TRACES: String(REQUESTS * 2) });
  stack = await CruddurStack.start({
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.port}`,
    XRAY_TRUST_INCOMING_SAMPLING: 'true',
  });
});
afterAll(async () => {
  client.close();
  await stack?.stop();
  await daemon?.stop();
});

const edgeOf = (services: Service[], from: string, to: string) => {
  const target = services.find((s) => s.Name === to)?.ReferenceId;
  return services.find((s) => s.Name === from)?.Edges?.find((e) => e.ReferenceId === target);
};

it(`${REQUESTS} requests at concurrency ${CONCURRENCY}, all sampled: every trace complete and linked, the service graph counts exactly what was sent`, async () => {
  const from = new Date(Date.now() - 1000);
  const sent = new Map<string, ApiRoute>();
  const wrong: string[] = [];
  const latencies: number[] = [];
  const snmpBefore = udpSnmp();
  const dropsBefore = udpSocketDrops(daemon.port);
  const countersBefore = await daemon.counters();
  const started = Date.now();
  await runConcurrently(REQUESTS, CONCURRENCY, async (i) => {
    const route = ROUTES[i % ROUTES.length];
    const root = newTraceId();
    sent.set(root, route);
    const t0 = Date.now();
    const answer = await client.send(
      stack.gateway.port,
      route.method,
      route.path,
      headersFor(route, `Root=${root};Sampled=1`),
      route.body,
    );
    latencies.push(Date.now() - t0);
    if (answer.status !== route.status) wrong.push(`${route.name}: ${answer.status} ${answer.body.slice(0, 100)}`);
  });
  const seconds = (Date.now() - started) / 1000;
  expect(wrong.slice(0, 10)).toEqual([]);

  // Every trace complete: each expected segment present, each downstream one linked to its caller's remote subsegment.
  let problems: string[] = [];
  await eventually(async () => {
    const traces = await fetchTraces(daemon.client, [...sent.keys()]);
    problems = [...sent]
      .map(([id, route]) => incompleteness(traces.get(id), route))
      .filter((p): p is string => p !== undefined);
    return problems.length === 0 ? true : undefined;
  }, 20_000);
  const countersAfter = await daemon.counters();
  const expectedSegments = [...sent.values()].reduce((n, route) => n + route.services.length, 0);
  latencies.sort((a, b) => a - b);
  const byReason = Object.entries(countersAfter.ingest.rejectedByReason).filter(([, n]) => n > 0);
  const figures = {
    requests: REQUESTS,
    concurrency: CONCURRENCY,
    seconds,
    requestsPerSecond: Math.round(REQUESTS / seconds),
    latencyMs: {
      p50: latencies[Math.floor(latencies.length * 0.5)],
      p99: latencies[Math.floor(latencies.length * 0.99)],
      max: latencies[latencies.length - 1],
    },
    expectedSegments,
    datagramsReadByDaemon: countersAfter.udp.datagrams - countersBefore.udp.datagrams,
    segmentsAccepted: countersAfter.ingest.accepted - countersBefore.ingest.accepted,
    segmentsRejected: byReason,
    daemonSocketDrops: udpSocketDrops(daemon.port) - dropsBefore,
    systemRcvbufErrorsDelta: udpSnmp().RcvbufErrors - snmpBefore.RcvbufErrors,
    receiveBufferBytes: countersAfter.udp.receiveBufferBytes,
    incompleteTraces: problems.length,
    firstProblems: problems.slice(0, 5),
    daemonRssKb: rssKb(daemon.pid as number),
  };
  recordFigures('load', figures);
  expect(figures.daemonSocketDrops).toBe(0);
  expect(problems.slice(0, 10)).toEqual([]);
  expect(figures.segmentsAccepted).toBe(expectedSegments);

  // The service graph counts exactly the requests sent, per edge.
  const expectedEdges = new Map<string, number>([['client>gateway', REQUESTS]]);
  for (const route of sent.values())
    for (const [a, b] of route.edges) expectedEdges.set(`${a}>${b}`, (expectedEdges.get(`${a}>${b}`) ?? 0) + 1);
  const services = await eventually(async () => {
    const graph = await daemon.client.send(
      new GetServiceGraphCommand({ StartTime: from, EndTime: new Date(Date.now() + 60_000) }),
    );
    const list = graph.Services ?? [];
    return [...expectedEdges].every(
      ([key, n]) => edgeOf(list, ...(key.split('>') as [string, string]))?.SummaryStatistics?.TotalCount === n,
    )
      ? list
      : undefined;
  }, 10_000);
  const list =
    services ??
    (await daemon.client.send(new GetServiceGraphCommand({ StartTime: from, EndTime: new Date(Date.now() + 60_000) })))
      .Services ??
    [];
  const counted = Object.fromEntries(
    [...expectedEdges.keys()].map((key) => [
      key,
      edgeOf(list, ...(key.split('>') as [string, string]))?.SummaryStatistics?.TotalCount,
    ]),
  );
  recordFigures('load', { ...figures, edges: { expected: Object.fromEntries(expectedEdges), counted } });
  expect(counted).toEqual(Object.fromEntries(expectedEdges));
  expect(list.find((s) => s.Name === 'gateway')?.SummaryStatistics?.TotalCount).toBe(REQUESTS);
});
