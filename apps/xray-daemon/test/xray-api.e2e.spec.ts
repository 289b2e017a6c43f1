import { readFileSync } from 'node:fs';
import {
  BatchGetTracesCommand,
  CreateGroupCommand,
  CreateSamplingRuleCommand,
  DeleteGroupCommand,
  DeleteSamplingRuleCommand,
  GetGroupCommand,
  GetGroupsCommand,
  GetSamplingRulesCommand,
  GetSamplingStatisticSummariesCommand,
  GetSamplingTargetsCommand,
  GetServiceGraphCommand,
  GetTraceGraphCommand,
  GetTraceSummariesCommand,
  InvalidRequestException,
  PutTraceSegmentsCommand,
  UpdateGroupCommand,
  UpdateSamplingRuleCommand,
} from '@aws-sdk/client-xray';
import { request } from 'node:http';
import { DaemonUnderTest, eventually, SEED_RULE_FILE } from '@cruddur/test-kit';
import { emitTrace } from './emit-trace';

let daemon: DaemonUnderTest;

beforeAll(async () => {
  daemon = await DaemonUnderTest.start();
});
afterAll(async () => {
  await daemon?.stop();
});

const window = () => ({ StartTime: new Date(Date.now() - 60_000), EndTime: new Date(Date.now() + 60_000) });

describe('segments from the real Node SDK, read back with @aws-sdk/client-xray', () => {
  it('serves GetTraceSummaries, BatchGetTraces, GetServiceGraph and GetTraceGraph', async () => {
    const okTrace = emitTrace(daemon.port, false);
    const faultTrace = emitTrace(daemon.port, true);
    const summaries = await eventually(async () => {
      const result = await daemon.client.send(new GetTraceSummariesCommand(window()));
      return (result.TraceSummaries ?? []).length >= 2 ? result.TraceSummaries : undefined;
    });
    expect(summaries?.map((s) => s.Id).sort()).toEqual([okTrace, faultTrace].sort());
    const fault = summaries?.find((s) => s.Id === faultTrace);
    expect(fault).toMatchObject({ HasFault: true, EntryPoint: { Name: 'gateway' } });
    expect(fault?.StartTime).toBeInstanceOf(Date);

    const filtered = await daemon.client.send(
      new GetTraceSummariesCommand({ ...window(), FilterExpression: 'service("gateway") {fault}' }),
    );
    expect(filtered.TraceSummaries?.map((s) => s.Id)).toEqual([faultTrace]);

    const traces = await daemon.client.send(
      new BatchGetTracesCommand({ TraceIds: [okTrace, '1-00000000-000000000000000000000000'] }),
    );
    expect(traces.Traces?.[0].Segments?.map((s) => JSON.parse(s.Document ?? '{}').name).sort()).toEqual([
      'activities',
      'gateway',
    ]);
    expect(traces.UnprocessedTraceIds).toEqual(['1-00000000-000000000000000000000000']);

    const graph = await daemon.client.send(new GetServiceGraphCommand(window()));
    const gateway = graph.Services?.find((s) => s.Name === 'gateway');
    const activities = graph.Services?.find((s) => s.Name === 'activities');
    expect(gateway?.SummaryStatistics).toMatchObject({ TotalCount: 2, OkCount: 1, FaultStatistics: { TotalCount: 1 } });
    expect(gateway?.Edges?.map((e) => e.ReferenceId)).toEqual([activities?.ReferenceId]);
    expect(gateway?.StartTime).toBeInstanceOf(Date);

    await daemon.client.send(
      new CreateGroupCommand({ GroupName: 'Cruddur', FilterExpression: 'service("gateway") {fault OR error}' }),
    );
    const groupGraph = await daemon.client.send(new GetServiceGraphCommand({ ...window(), GroupName: 'Cruddur' }));
    expect(groupGraph.Services?.find((s) => s.Name === 'gateway')?.SummaryStatistics?.TotalCount).toBe(1);

    const traceGraph = await daemon.client.send(new GetTraceGraphCommand({ TraceIds: [okTrace] }));
    expect(traceGraph.Services?.map((s) => s.Name).sort()).toEqual(['activities', 'client', 'gateway']);
  });

  it('takes PutTraceSegments and reports refused documents', async () => {
    const result = await daemon.client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: ['{"name":"x"}'] }));
    expect(result.UnprocessedTraceSegments?.[0].ErrorCode).toMatch(/^bad_/);
  });
});

describe('groups and sampling rules through @aws-sdk/client-xray', () => {
  it('runs every group operation', async () => {
    const created = await daemon.client.send(
      new CreateGroupCommand({ GroupName: 'Errors', FilterExpression: 'error' }),
    );
    expect(created.Group).toMatchObject({
      GroupName: 'Errors',
      FilterExpression: 'error',
      InsightsConfiguration: { InsightsEnabled: false },
    });
    const byArn = await daemon.client.send(new GetGroupCommand({ GroupARN: created.Group?.GroupARN }));
    expect(byArn.Group?.GroupName).toBe('Errors');
    const listed = await daemon.client.send(new GetGroupsCommand({}));
    expect(listed.Groups?.map((g) => g.GroupName)).toEqual(expect.arrayContaining(['Default', 'Errors']));
    const updated = await daemon.client.send(
      new UpdateGroupCommand({ GroupName: 'Errors', FilterExpression: 'fault OR error' }),
    );
    expect(updated.Group?.FilterExpression).toBe('fault OR error');
    await daemon.client.send(new DeleteGroupCommand({ GroupName: 'Errors' }));
    await expect(daemon.client.send(new GetGroupCommand({ GroupName: 'Errors' }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
    const bad = daemon.client.send(
      new CreateGroupCommand({ GroupName: 'Bad', FilterExpression: 'service("gateway" {' }),
    );
    await expect(bad).rejects.toThrow(/position \d+/);
  });

  it('runs every sampling operation, starting from the seed rule file', async () => {
    const seed = JSON.parse(readFileSync(SEED_RULE_FILE, 'utf8'));
    const created = await daemon.client.send(new CreateSamplingRuleCommand(seed));
    expect(created.SamplingRuleRecord?.SamplingRule).toMatchObject({ ...seed.SamplingRule, Attributes: {} });
    expect(created.SamplingRuleRecord?.CreatedAt).toBeInstanceOf(Date);
    expect(Math.abs((created.SamplingRuleRecord?.CreatedAt?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    const rules = await daemon.client.send(new GetSamplingRulesCommand({}));
    expect(rules.SamplingRuleRecords?.map((r) => r.SamplingRule?.RuleName)).toEqual(['Cruddur', 'Default']);
    const updated = await daemon.client.send(
      new UpdateSamplingRuleCommand({ SamplingRuleUpdate: { RuleName: 'Cruddur', FixedRate: 0.2 } }),
    );
    expect(updated.SamplingRuleRecord?.SamplingRule?.FixedRate).toBe(0.2);

    const targets = await daemon.client.send(
      new GetSamplingTargetsCommand({
        SamplingStatisticsDocuments: [
          {
            RuleName: 'Cruddur',
            ClientID: 'c'.repeat(24),
            Timestamp: new Date(),
            RequestCount: 4,
            SampledCount: 2,
            BorrowCount: 0,
          },
        ],
      }),
    );
    expect(targets.SamplingTargetDocuments?.[0]).toMatchObject({
      RuleName: 'Cruddur',
      FixedRate: 0.2,
      ReservoirQuota: 5,
      Interval: 10,
    });
    const summaries = await daemon.client.send(new GetSamplingStatisticSummariesCommand({}));
    expect(summaries.SamplingStatisticSummaries?.[0]).toMatchObject({
      RuleName: 'Cruddur',
      RequestCount: 4,
      SampledCount: 2,
    });

    const deleted = await daemon.client.send(new DeleteSamplingRuleCommand({ RuleName: 'Cruddur' }));
    expect(deleted.SamplingRuleRecord?.SamplingRule?.RuleName).toBe('Cruddur');
    await expect(daemon.client.send(new DeleteSamplingRuleCommand({ RuleName: 'Default' }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
  });
});

describe('the daemon as a process', () => {
  it('counts bad datagrams by reason and keeps serving', async () => {
    const before = await daemon.counters();
    await daemon.sendDatagrams([
      'no header at all',
      '{"format":"json","version":2}\n{}',
      '{"format":"json","version":1}\n{"name":',
      '{"format":"json","version":1}\n{"name":"x","id":"0123456789abcdef","trace_id":"bad","start_time":1,"end_time":2}',
    ]);
    const after = await eventually(async () => {
      const counters = await daemon.counters();
      return counters.ingest.rejected - before.ingest.rejected >= 4 ? counters : undefined;
    });
    const delta = (reason: string) =>
      (after?.ingest.rejectedByReason[reason] ?? 0) - before.ingest.rejectedByReason[reason];
    expect([delta('no_header'), delta('bad_header'), delta('bad_json'), delta('bad_trace_id')]).toEqual([1, 1, 1, 1]);
    expect(after?.udp.receiveBufferBytes).toBeGreaterThan(1024 * 1024);
    expect((await fetch(daemon.url('/healthz'))).status).toBe(200);
  });

  it('refuses a foreign Host header with 403 and sends no CORS headers', async () => {
    const send = (host: string) =>
      new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: daemon.port,
            path: '/GetSamplingRules',
            method: 'POST',
            headers: { Host: host, Origin: 'http://evil.example' },
          },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, headers: res.headers });
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    expect((await send('evil.example')).status).toBe(403);
    expect((await send(`evil.example:${daemon.port}`)).status).toBe(403);
    const local = await send(`localhost:${daemon.port}`);
    expect(local.status).toBe(200);
    expect(Object.keys(local.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect((await daemon.counters()).http.forbidden).toBeGreaterThanOrEqual(2);
  });

  it('answers unknown paths with 404 JSON and oversized bodies with 413', async () => {
    // `/` is the trace viewer now; any other path that is neither API nor a viewer file is a JSON 404.
    const missing = await fetch(daemon.url('/no-such-page'));
    expect([missing.status, ((await missing.json()) as { __type: string }).__type]).toEqual([404, 'NotFound']);
    const big = await fetch(daemon.url('/Groups'), { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) }).catch(
      (error: Error) => error,
    );
    // The daemon answers 413 and closes; a client still sending may see the reset instead.
    if (!(big instanceof Error)) expect(big.status).toBe(413);
    expect((await fetch(daemon.url('/healthz'))).status).toBe(200);
  });
});
