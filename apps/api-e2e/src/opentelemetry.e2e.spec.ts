import { execFile } from 'node:child_process';
import { join } from 'node:path';
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceSummariesCommand,
  type Service,
} from '@aws-sdk/client-xray';
import { CruddurStack, DaemonUnderTest, eventually } from '@cruddur/test-kit';

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

/** Runs the OpenTelemetry-only service once; it calls the gateway and exports to the daemon's OTLP port. */
function runOtelService(encoding: 'protobuf' | 'json'): Promise<{ traceId: string; status: number }> {
  return new Promise((resolve, reject) => {
    const script = join(__dirname, 'fixtures', 'otel-service.cjs');
    execFile(
      process.execPath,
      [script, encoding, daemon.otlpUrl, stack.url('')],
      { timeout: 30_000 },
      (error, stdout, stderr) =>
        error === null ? resolve(JSON.parse(stdout)) : reject(new Error(`otel-service failed: ${stderr}`)),
    );
  });
}

const edge = (services: Service[], from: string, to: string) => {
  const target = services.find((s) => s.Name === to);
  return services.find((s) => s.Name === from)?.Edges?.find((e) => e.ReferenceId === target?.ReferenceId);
};

describe.each(['protobuf', 'json'] as const)('an OpenTelemetry JS service exporting OTLP %s', (encoding) => {
  it('is one trace with the gateway and activities: otel-service -> gateway -> activities on the map', async () => {
    const before = (await daemon.counters()).otlp?.spans.accepted ?? 0;
    const { traceId, status } = await runOtelService(encoding);
    expect(status).toBe(200);
    const xrayId = `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`;

    // The OTel segment (SERVER span + CLIENT subsegment) and the gateway's and activities' segments.
    const segments = await eventually(async () => {
      const { Traces } = await daemon.client.send(new BatchGetTracesCommand({ TraceIds: [xrayId] }));
      const docs = (Traces?.[0]?.Segments ?? []).map(
        (s) =>
          JSON.parse(s.Document ?? '{}') as {
            name: string;
            parent_id?: string;
            subsegments?: { id: string; namespace?: string }[];
          },
      );
      return ['otel-service', 'gateway', 'activities'].every((name) => docs.some((d) => d.name === name))
        ? docs
        : undefined;
    }, 15_000);
    expect(segments).toBeDefined();
    const otel = segments?.find((d) => d.name === 'otel-service');
    const gateway = segments?.find((d) => d.name === 'gateway');
    const call = otel?.subsegments?.find((s) => s.namespace === 'remote');
    expect(call).toBeDefined();
    expect(gateway?.parent_id).toBe(call?.id);

    const graph = await daemon.client.send(
      new GetServiceGraphCommand({ StartTime: started, EndTime: new Date(Date.now() + 60_000) }),
    );
    const services = graph.Services ?? [];
    expect(edge(services, 'otel-service', 'gateway')?.SummaryStatistics?.TotalCount).toBeGreaterThanOrEqual(1);
    expect(edge(services, 'gateway', 'activities')?.SummaryStatistics?.TotalCount).toBeGreaterThanOrEqual(1);

    const found = await daemon.client.send(
      new GetTraceSummariesCommand({
        StartTime: started,
        EndTime: new Date(Date.now() + 60_000),
        FilterExpression: 'service("otel-service") AND annotation.feed = "home"',
      }),
    );
    expect(found.TraceSummaries?.map((s) => s.Id)).toContain(xrayId);
    const counters = await daemon.counters();
    expect(counters.otlp?.spans.accepted).toBe(before + 2);
    expect(counters.otlp?.spans.rejected).toBe(0);
  });
});
