import { newTraceId } from '@cruddur/xray-contracts';
import { GetServiceGraphCommand, GetTraceSummariesCommand, type Service } from '@aws-sdk/client-xray';
import { CruddurStack, DaemonUnderTest, eventually, serviceGraphEdge as edge } from '@cruddur/test-kit';

let daemon: DaemonUnderTest;
let stack: CruddurStack;
const started = new Date(Date.now() - 60_000);

beforeAll(async () => {
  daemon = await DaemonUnderTest.start();
  stack = await CruddurStack.start({
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.port}`,
    XRAY_TRUST_INCOMING_SAMPLING: 'true',
  });
});

afterAll(async () => {
  await stack?.stop();
  await daemon?.stop();
});

async function sampled(path: string, init: RequestInit = {}): Promise<number> {
  const res = await fetch(stack.url(path), {
    ...init,
    headers: { ...(init.headers as Record<string, string>), 'X-Amzn-Trace-Id': `Root=${newTraceId()};Sampled=1` },
  });
  await res.arrayBuffer();
  return res.status;
}

const post = (message: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message, ttl: '1-day' }),
});

it('the real stack yields the X-Ray service graph whose counts equal the requests sent', async () => {
  const counts = { home: 6, notifications: 5, create: 4, notFound: 3 };
  for (let i = 0; i < counts.home; i++) expect(await sampled('/api/activities/home')).toBe(200);
  for (let i = 0; i < counts.notifications; i++) expect(await sampled('/api/activities/notifications')).toBe(200);
  for (let i = 0; i < counts.create; i++)
    expect(await sampled('/api/activities', post(`graph test ${i} @worf`))).toBe(201);
  for (let i = 0; i < counts.notFound; i++) expect(await sampled('/api/activities/@nobody')).toBe(404);
  const total = counts.home + counts.notifications + counts.create + counts.notFound;

  const services = await eventually(async () => {
    const graph = await daemon.client.send(
      new GetServiceGraphCommand({ StartTime: started, EndTime: new Date(Date.now() + 60_000) }),
    );
    const list = graph.Services ?? [];
    return edge(list, 'activities', 'notifications')?.SummaryStatistics?.TotalCount === counts.create &&
      edge(list, 'client', 'gateway')?.SummaryStatistics?.TotalCount === total
      ? list
      : undefined;
  });
  expect(services).toBeDefined();
  const list = services as Service[];
  expect(list.map((s) => s.Name).sort()).toEqual(['activities', 'client', 'gateway', 'notifications']);
  expect(edge(list, 'client', 'gateway')?.SummaryStatistics?.TotalCount).toBe(total);
  expect(edge(list, 'gateway', 'activities')?.SummaryStatistics?.TotalCount).toBe(
    counts.home + counts.create + counts.notFound,
  );
  expect(edge(list, 'gateway', 'notifications')?.SummaryStatistics?.TotalCount).toBe(counts.notifications);
  expect(edge(list, 'activities', 'notifications')?.SummaryStatistics?.TotalCount).toBe(counts.create);
  expect(edge(list, 'gateway', 'activities')?.SummaryStatistics?.ErrorStatistics?.TotalCount).toBe(counts.notFound);

  const gateway = list.find((s) => s.Name === 'gateway');
  expect(gateway?.SummaryStatistics).toMatchObject({
    TotalCount: total,
    OkCount: total - counts.notFound,
    ErrorStatistics: { TotalCount: counts.notFound },
  });
  expect(list.find((s) => s.Name === 'activities')?.SummaryStatistics?.TotalCount).toBe(
    counts.home + counts.create + counts.notFound,
  );

  // The seed's group expression finds exactly the failed requests.
  const errors = await daemon.client.send(
    new GetTraceSummariesCommand({
      StartTime: started,
      EndTime: new Date(Date.now() + 60_000),
      FilterExpression: 'service("gateway") {fault OR error}',
    }),
  );
  expect(errors.TraceSummaries).toHaveLength(counts.notFound);
});
