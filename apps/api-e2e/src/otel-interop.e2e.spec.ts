import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceSummariesCommand,
  type Service,
} from '@aws-sdk/client-xray';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TracingModule } from '@cruddur/tracing';
import { CruddurStack, DaemonUnderTest, eventually, runOtelService, samplingRuleInput } from '@cruddur/test-kit';
import { newTraceId, xrayTraceIdOf } from '@cruddur/xray-contracts';

/** A segment or subsegment document as the daemon serves it (the fields compared here). */
interface Doc {
  name: string;
  id: string;
  trace_id?: string;
  parent_id?: string;
  namespace?: string;
  error?: boolean;
  throttle?: boolean;
  fault?: boolean;
  http?: { request?: { method?: string; url?: string }; response?: { status?: number } };
  annotations?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  cause?: { exceptions?: { type?: string; message?: string }[] };
  subsegments?: Doc[];
}

/** What a user sees of one entity of a trace: everything but ids, times, ports and the recorder's own fields. */
interface Shape {
  name: string;
  namespace?: string;
  method?: string;
  url?: string;
  status?: number;
  outcome: string;
  annotations?: unknown;
  metadata?: unknown;
  exceptions?: unknown;
  children: Shape[];
}

const withoutPorts = (value: unknown) =>
  value === undefined
    ? undefined
    : JSON.parse(JSON.stringify(value).replace(/(127\.0\.0\.1|localhost):\d+/g, '$1:PORT'));

/** The trace as one tree: each segment under the (remote) subsegment that called it, children sorted. */
function shapeOf(docs: Doc[]): Shape[] {
  const byId = new Map<string, Doc>();
  const walk = (d: Doc) => {
    byId.set(d.id, d);
    d.subsegments?.forEach(walk);
  };
  docs.forEach(walk);
  const called = new Map<string, Doc[]>();
  const roots: Doc[] = [];
  for (const d of docs) {
    if (d.parent_id && byId.has(d.parent_id)) called.set(d.parent_id, [...(called.get(d.parent_id) ?? []), d]);
    else roots.push(d);
  }
  const shape = (d: Doc): Shape => ({
    name: d.name,
    namespace: d.namespace,
    method: d.http?.request?.method,
    url: withoutPorts(d.http?.request?.url),
    status: d.http?.response?.status,
    outcome: d.fault ? 'fault' : d.throttle ? 'throttle' : d.error ? 'error' : 'ok',
    annotations: d.annotations,
    metadata: withoutPorts(d.metadata),
    exceptions: d.cause?.exceptions?.map((e) => ({ type: e.type, message: e.message })),
    children: [...(d.subsegments ?? []), ...(called.get(d.id) ?? [])]
      .map(shape)
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  });
  return roots.map(shape);
}

async function traceDocs(daemon: DaemonUnderTest, traceId: string): Promise<Doc[]> {
  const { Traces } = await daemon.client.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
  return (Traces?.[0]?.Segments ?? []).map((s) => JSON.parse(s.Document ?? '{}') as Doc);
}

/** The trace's documents once every named service has sent its segment. */
async function waitForServices(daemon: DaemonUnderTest, traceId: string, names: string[]): Promise<Doc[]> {
  const docs = await eventually(async () => {
    const found = await traceDocs(daemon, traceId);
    return names.every((n) => found.some((d) => d.name === n)) ? found : undefined;
  }, 15_000);
  if (!docs)
    throw new Error(
      `trace ${traceId} never had segments from ${names.join(', ')}: ${JSON.stringify(await traceDocs(daemon, traceId)).slice(0, 500)}`,
    );
  return docs;
}

const remoteCalls = (doc: Doc | undefined): Doc[] =>
  (doc?.subsegments ?? []).flatMap((s) => [...(s.namespace === 'remote' ? [s] : []), ...remoteCalls(s)]);

let xrayDaemon: DaemonUnderTest;
let otlpDaemon: DaemonUnderTest;
let xrayStack: CruddurStack;
let otlpStack: CruddurStack;

beforeAll(async () => {
  [xrayDaemon, otlpDaemon] = await Promise.all([DaemonUnderTest.start(), DaemonUnderTest.start()]);
  // The gateway follows Sampled= from the test (and from the OpenTelemetry callers): every request traced.
  [xrayStack, otlpStack] = await Promise.all([
    CruddurStack.start({
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${xrayDaemon.port}`,
      XRAY_TRUST_INCOMING_SAMPLING: 'true',
    }),
    CruddurStack.start({
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${otlpDaemon.port}`,
      XRAY_TRUST_INCOMING_SAMPLING: 'true',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpDaemon.otlpUrl,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([xrayStack?.stop(), otlpStack?.stop()]);
  await Promise.all([xrayDaemon?.stop(), otlpDaemon?.stop()]);
});

describe('OTEL_TRACES_EXPORTER=otlp: the daemon gets the same traces as over UDP', () => {
  const requests: [string, string, RequestInit?, string[]?][] = [
    ['home', '/api/activities/home', undefined, ['gateway', 'activities']],
    ['notifications (the seed subsegments)', '/api/activities/notifications', undefined, ['gateway', 'notifications']],
    ['one user', '/api/activities/@worf', undefined, ['gateway', 'activities']],
    ['an unknown user: 404', '/api/activities/@nobody', undefined, ['gateway', 'activities']],
    [
      'a post with a mention: event to notifications',
      '/api/activities',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'Hello @worf', ttl: '7-days' }),
      },
      ['gateway', 'activities', 'notifications'],
    ],
    [
      'a blank message: 422',
      '/api/activities',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: '', ttl: '7-days' }),
      },
      ['gateway'],
    ],
  ];

  it.each(requests)('%s', async (_what, path, init, services = ['gateway']) => {
    const send = async (stack: CruddurStack) => {
      const root = newTraceId();
      const res = await fetch(stack.url(path), {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), 'x-amzn-trace-id': `Root=${root};Sampled=1` },
      });
      await res.arrayBuffer();
      return { root, status: res.status };
    };
    const [viaUdp, viaOtlp] = await Promise.all([send(xrayStack), send(otlpStack)]);
    expect(viaOtlp.status).toBe(viaUdp.status);
    await waitForServices(xrayDaemon, viaUdp.root, services);
    await waitForServices(otlpDaemon, viaOtlp.root, services);
    // Both sides are complete once every service sent its segment; the UDP side settles first.
    await new Promise((r) => setTimeout(r, 300));
    const expected = shapeOf(await traceDocs(xrayDaemon, viaUdp.root));
    const same = await eventually(async () => {
      const got = shapeOf(await traceDocs(otlpDaemon, viaOtlp.root));
      return JSON.stringify(got) === JSON.stringify(expected) ? got : undefined;
    }, 5000);
    expect(same ?? shapeOf(await traceDocs(otlpDaemon, viaOtlp.root))).toEqual(expected);
    // The comparison is about real trees: the gateway's call and the services it reached.
    expect(expected).toHaveLength(1);
    const names = JSON.stringify(expected).match(/"name":"[^"]+"/g) ?? [];
    for (const service of services) expect(names).toContain(`"name":"${service}"`);
  });

  it('keeps the seed’s notifications_activities > returning_mock_data, the URI annotation and the metadata', async () => {
    const root = newTraceId();
    await (
      await fetch(otlpStack.url('/api/activities/notifications'), {
        headers: { 'x-amzn-trace-id': `Root=${root};Sampled=1` },
      })
    ).arrayBuffer();
    const docs = await waitForServices(otlpDaemon, root, ['gateway', 'notifications']);
    const notifications = docs.find((d) => d.name === 'notifications');
    const handler = notifications?.subsegments?.find((s) => s.name === 'notifications_activities');
    expect(handler).toMatchObject({ annotations: { URI: '/api/activities/notifications' } });
    expect(handler?.subsegments).toEqual([
      expect.objectContaining({ name: 'returning_mock_data', metadata: { default: { number: expect.any(Number) } } }),
    ]);
    // Sent as OTLP spans, not UDP datagrams.
    const counters = await otlpDaemon.counters();
    expect(counters.otlp?.spans.accepted).toBeGreaterThan(0);
    expect(counters.otlp?.spans.rejected).toBe(0);
    expect(counters.udp.datagrams).toBe(0);
  });
});

const edge = (services: Service[], from: string, to: string) => {
  const target = services.find((s) => s.Name === to);
  return services.find((s) => s.Name === from)?.Edges?.find((e) => e.ReferenceId === target?.ReferenceId);
};

describe('OpenTelemetry services and ours are one trace', () => {
  it.each([
    ['random trace ids and the X-Ray propagator (Root=1-<random 8 hex>-...)', 'xray'],
    ['random trace ids and only W3C traceparent', 'tracecontext'],
  ] as const)('an OTel JS caller with %s', async (_what, propagator) => {
    const { traceId, status } = await runOtelService(xrayDaemon.otlpUrl, xrayStack.url(''), {
      encoding: 'protobuf',
      ids: 'random',
      propagator,
    });
    expect(status).toBe(200);
    const docs = await waitForServices(xrayDaemon, xrayTraceIdOf(traceId), ['otel-service', 'gateway', 'activities']);
    const [call] = remoteCalls(docs.find((d) => d.name === 'otel-service'));
    const gateway = docs.find((d) => d.name === 'gateway');
    expect(call).toBeDefined();
    expect(gateway?.parent_id).toBe(call.id);
    const [toActivities] = remoteCalls(gateway);
    expect(docs.find((d) => d.name === 'activities')?.parent_id).toBe(toActivities.id);
  });

  describe.each(['protobuf', 'json'] as const)('an OTel JS service exporting OTLP %s', (encoding) => {
    it('is one trace with the gateway and activities: otel-service -> gateway -> activities on the map, found by service()', async () => {
      const started = new Date(Date.now() - 60_000);
      const before = (await xrayDaemon.counters()).otlp?.spans.accepted ?? 0;
      const { traceId, status } = await runOtelService(xrayDaemon.otlpUrl, xrayStack.url(''), { encoding });
      expect(status).toBe(200);
      const xrayId = xrayTraceIdOf(traceId);

      // The OTel segment (SERVER span + CLIENT subsegment) is the parent of the gateway's segment.
      const docs = await waitForServices(xrayDaemon, xrayId, ['otel-service', 'gateway', 'activities']);
      const [call] = remoteCalls(docs.find((d) => d.name === 'otel-service'));
      expect(call).toBeDefined();
      expect(docs.find((d) => d.name === 'gateway')?.parent_id).toBe(call.id);

      const window = { StartTime: started, EndTime: new Date(Date.now() + 60_000) };
      const services = (await xrayDaemon.client.send(new GetServiceGraphCommand(window))).Services ?? [];
      expect(edge(services, 'otel-service', 'gateway')?.SummaryStatistics?.TotalCount).toBeGreaterThanOrEqual(1);
      expect(edge(services, 'gateway', 'activities')?.SummaryStatistics?.TotalCount).toBeGreaterThanOrEqual(1);

      const found = await xrayDaemon.client.send(
        new GetTraceSummariesCommand({
          ...window,
          FilterExpression: 'service("otel-service") AND annotation.feed = "home"',
        }),
      );
      expect(found.TraceSummaries?.map((s) => s.Id)).toContain(xrayId);
      const counters = await xrayDaemon.counters();
      expect(counters.otlp?.spans.accepted).toBe(before + 2);
      expect(counters.otlp?.spans.rejected).toBe(0);
    });
  });

  describe('our service calling an OTel HTTP service with fetch', () => {
    let otelServer: ChildProcess;
    let otelPort: number;
    let app: INestApplication;

    @Controller()
    class CallerController {
      @Get('call')
      async call() {
        return (await fetch(`http://127.0.0.1:${otelPort}/hello`)).json();
      }
    }

    beforeAll(async () => {
      otelServer = spawn(process.execPath, [join(__dirname, 'fixtures', 'otel-http-server.cjs'), xrayDaemon.otlpUrl], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      otelPort = await new Promise<number>((resolve, reject) => {
        otelServer.stdout?.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
        otelServer.once('exit', (code) => reject(new Error(`otel-http-server exited with ${code}`)));
      });
      const always = samplingRuleInput({ RuleName: 'all', Priority: 1, FixedRate: 1 });
      const tracing = TracingModule.forRoot({
        serviceName: 'fetch-caller',
        daemonAddress: `127.0.0.1:${xrayDaemon.port}`,
        centralizedSampling: false,
        samplingRules: [always],
      });
      app = await NestFactory.create(
        { module: class CallerModule {}, imports: [tracing], controllers: [CallerController] },
        { logger: false },
      );
      await app.listen(0, '127.0.0.1');
    });

    afterAll(async () => {
      await app?.close();
      otelServer?.kill('SIGTERM');
    });

    it('links: its remote subsegment is the parent of the OTel service’s segment', async () => {
      const { port } = app.getHttpServer().address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/call`);
      const seen = (await res.json()) as { traceparent: string | null };
      const root = /^Root=([^;]+)/.exec(res.headers.get('x-amzn-trace-id') ?? '')?.[1] ?? '';
      expect(seen.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      const docs = await waitForServices(xrayDaemon, root, ['fetch-caller', 'otel-http-server']);
      const [call] = remoteCalls(docs.find((d) => d.name === 'fetch-caller'));
      expect(call).toMatchObject({ name: '127.0.0.1', http: { response: { status: 200 } } });
      expect(docs.find((d) => d.name === 'otel-http-server')?.parent_id).toBe(call.id);
      expect(seen.traceparent).toBe(`00-${root.slice(2, 10)}${root.slice(11)}-${call.id}-01`);
    });
  });
});
