import { datagram, sampleTrace } from '../pipeline/sample-trace.fixture';
import { XRayBackend } from '../pipeline/xray-backend';
import { encodeNextToken } from '../api-errors/next-token';
import type { ApiResponse } from './api-response';
import { XRayApiRouter } from './xray-api-router';
import { cruddurRule } from '../sampling/cruddur-rule.fixture';

const T0 = 1_760_000_000;
let backend: XRayBackend;
let router: XRayApiRouter;
let unexpected: unknown[];

const RULE = cruddurRule();
const WINDOW = { StartTime: T0 - 60, EndTime: T0 + 60 };

// Response bodies are read field by field with expect(): loosely typed on purpose in this test.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ApiBody = Record<string, any>;

async function call(
  path: string,
  body: unknown = {},
  method = 'POST',
): Promise<{ status: number; body: ApiBody; response: ApiResponse }> {
  const response = await router.handle(method, path, typeof body === 'string' ? body : JSON.stringify(body));
  return { status: response.status, body: JSON.parse(response.body) as ApiBody, response };
}

async function expectError(path: string, body: unknown, status: number, type: string, message?: RegExp) {
  const result = await call(path, body);
  expect({ status: result.status, type: result.body.__type }).toEqual({ status, type });
  expect(result.response.headers['x-amzn-ErrorType']).toBe(type);
  if (message) expect(result.body.message).toMatch(message);
}

/** Tokens to refuse: validly signed for another operation, edited, and plain garbage. */
function forgedTokens(scope: string): string[] {
  const foreign = encodeNextToken(scope === 'GetGroups' ? 'GetTraceSummaries' : 'GetGroups', 'x');
  const own = encodeNextToken(scope, 'x');
  return [foreign, `${own.slice(0, -2)}AA`, `${own}.x`, 'garbage', 'a.b', ''.padEnd(3000, 'a')];
}

beforeEach(async () => {
  backend = (await XRayBackend.open({ maxTraces: 100, maxAgeSeconds: 3600, now: () => (T0 + 1) * 1000 })).backend;
  unexpected = [];
  router = new XRayApiRouter(backend, { maxBodyBytes: 10_000, onUnexpectedError: (e) => unexpected.push(e) });
});
afterEach(async () => {
  await backend.close();
  expect(unexpected).toEqual([]);
});

function ingest(serial: number, start = T0 + serial / 100, status = 200) {
  const trace = sampleTrace({ start, serial, status });
  backend.ingest.receiveDatagram(datagram(trace.gateway));
  backend.ingest.receiveDatagram(datagram(trace.activities));
  return trace;
}

describe('protocol', () => {
  it('404s an unknown path, 405s a GET, 413s a big body, 400s bad JSON or a non-object', async () => {
    await expectError('/Nope', {}, 404, 'UnknownOperationException', /"\/Nope"/);
    const get = await call('/Groups', '', 'GET');
    expect([get.status, get.response.headers.Allow]).toEqual([405, 'POST']);
    await expectError('/Groups', 'x'.repeat(10_001), 413, 'RequestEntityTooLargeException');
    await expectError('/Groups', '{"NextToken":', 400, 'InvalidRequestException', /not valid JSON/);
    await expectError('/Groups', '[1]', 400, 'InvalidRequestException', /JSON object/);
    await expectError('/Groups', 'null', 400, 'InvalidRequestException');
  });

  it('takes an empty body as {} and ignores a query string', async () => {
    const response = await router.handle('POST', '/GetSamplingRules?x=1', '');
    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toBe('application/json');
  });

  it('never answers 500, whatever the body', async () => {
    const bodies: unknown[] = [
      {},
      [],
      'null',
      '"s"',
      1,
      { StartTime: 'x' },
      { StartTime: -1, EndTime: 1 },
      { StartTime: 2, EndTime: 1 },
      { StartTime: 1, EndTime: 2, FilterExpression: 5 },
      { StartTime: 1e300, EndTime: 1e308, TimeRangeType: 'x' },
      { TraceIds: 'x' },
      { TraceIds: [1] },
      { TraceIds: [null] },
      { TraceSegmentDocuments: [{}] },
      { TraceSegmentDocuments: ['{}', 7] },
      { GroupName: {} },
      { GroupName: 'x'.repeat(40) },
      { GroupARN: 1 },
      { SamplingRule: [] },
      { SamplingRule: { ...RULE, Priority: 'high' } },
      { SamplingRuleUpdate: null },
      { SamplingStatisticsDocuments: [{}] },
      { NextToken: 1 },
      { NextToken: 'x' },
      { __proto__: { a: 1 } },
      { constructor: 1, toString: 2 },
      { Sampling: 'yes', StartTime: 1, EndTime: 2 },
      { Sampling: true, SamplingStrategy: { Value: 2 }, StartTime: 1, EndTime: 2 },
    ];
    const paths = [
      '/CreateGroup',
      '/GetGroup',
      '/Groups',
      '/UpdateGroup',
      '/DeleteGroup',
      '/CreateSamplingRule',
      '/GetSamplingRules',
      '/UpdateSamplingRule',
      '/DeleteSamplingRule',
      '/SamplingTargets',
      '/SamplingStatisticSummaries',
      '/TraceSegments',
      '/TraceSummaries',
      '/Traces',
      '/ServiceGraph',
      '/TraceGraph',
    ];
    for (const path of paths) {
      for (const body of bodies) {
        const response = await router.handle('POST', path, typeof body === 'string' ? body : JSON.stringify(body));
        expect({ path, body, status: response.status < 500 }).toEqual({ path, body, status: true });
        expect(() => JSON.parse(response.body)).not.toThrow();
      }
    }
  });
});

describe('groups', () => {
  it('creates, gets, lists, updates and deletes', async () => {
    const created = await call('/CreateGroup', {
      GroupName: 'Cruddur',
      FilterExpression: 'service("gateway") {fault OR error}',
    });
    expect(created.status).toBe(200);
    expect(created.body.Group).toMatchObject({
      GroupName: 'Cruddur',
      FilterExpression: 'service("gateway") {fault OR error}',
    });
    const arn = created.body.Group.GroupARN as string;
    expect((await call('/GetGroup', { GroupARN: arn })).body.Group.GroupName).toBe('Cruddur');
    expect((await call('/Groups')).body.Groups.map((g: { GroupName: string }) => g.GroupName)).toEqual([
      'Default',
      'Cruddur',
    ]);
    const updated = await call('/UpdateGroup', { GroupName: 'Cruddur', FilterExpression: 'fault' });
    expect(updated.body.Group.FilterExpression).toBe('fault');
    expect(await call('/DeleteGroup', { GroupName: 'Cruddur' })).toMatchObject({ status: 200, body: {} });
    await expectError('/GetGroup', { GroupName: 'Cruddur' }, 400, 'InvalidRequestException', /not found/);
  });

  it('refuses a bad filter expression naming the position, a duplicate and a wrong type', async () => {
    await expectError(
      '/CreateGroup',
      { GroupName: 'Bad', FilterExpression: 'service("gateway") {' },
      400,
      'InvalidRequestException',
      /position \d+/,
    );
    await call('/CreateGroup', { GroupName: 'Twice' });
    await expectError('/CreateGroup', { GroupName: 'Twice' }, 400, 'InvalidRequestException', /already exists/);
    await expectError('/CreateGroup', { GroupName: 7 }, 400, 'InvalidRequestException', /GroupName/);
    await expectError('/DeleteGroup', { GroupName: 'Default' }, 400, 'InvalidRequestException');
  });

  it('refuses forged NextTokens (paging itself is tested with GroupRegistry)', async () => {
    for (const forged of forgedTokens('GetGroups'))
      await expectError('/Groups', { NextToken: forged }, 400, 'InvalidRequestException', /NextToken/);
  });
});

describe('sampling', () => {
  it('creates, lists, updates and deletes rules; Default always present with Attributes', async () => {
    const created = await call('/CreateSamplingRule', { SamplingRule: RULE });
    expect(created.body.SamplingRuleRecord).toMatchObject({
      SamplingRule: { ...RULE, Attributes: {} },
      CreatedAt: T0 + 1,
      ModifiedAt: T0 + 1,
    });
    const listed = await call('/GetSamplingRules');
    expect(
      listed.body.SamplingRuleRecords.map((r: { SamplingRule: { RuleName: string } }) => r.SamplingRule.RuleName),
    ).toEqual(['Cruddur', 'Default']);
    const updated = await call('/UpdateSamplingRule', { SamplingRuleUpdate: { RuleName: 'Cruddur', FixedRate: 0.5 } });
    expect(updated.body.SamplingRuleRecord.SamplingRule.FixedRate).toBe(0.5);
    expect(
      (await call('/DeleteSamplingRule', { RuleName: 'Cruddur' })).body.SamplingRuleRecord.SamplingRule.RuleName,
    ).toBe('Cruddur');
    await expectError('/DeleteSamplingRule', { RuleName: 'Default' }, 400, 'InvalidRequestException');
    await expectError(
      '/CreateSamplingRule',
      { SamplingRule: { ...RULE, FixedRate: 2 } },
      400,
      'InvalidRequestException',
      /FixedRate/,
    );
    await expectError('/GetSamplingRules', { NextToken: 'forged' }, 400, 'InvalidRequestException', /NextToken/);
  });

  it('answers SamplingTargets with the reservoir quota, and summarises statistics', async () => {
    await call('/CreateSamplingRule', { SamplingRule: RULE });
    const documents = [
      {
        RuleName: 'Cruddur',
        ClientID: 'a'.repeat(24),
        Timestamp: T0,
        RequestCount: 10,
        SampledCount: 5,
        BorrowCount: 0,
      },
      {
        RuleName: 'Missing',
        ClientID: 'a'.repeat(24),
        Timestamp: T0,
        RequestCount: 1,
        SampledCount: 0,
        BorrowCount: 0,
      },
    ];
    const targets = await call('/SamplingTargets', { SamplingStatisticsDocuments: documents });
    expect(targets.body.SamplingTargetDocuments).toEqual([
      expect.objectContaining({ RuleName: 'Cruddur', ReservoirQuota: 5, FixedRate: 0.1, Interval: 10 }),
    ]);
    expect(targets.body.UnprocessedStatistics).toEqual([expect.objectContaining({ RuleName: 'Missing' })]);
    const summaries = await call('/SamplingStatisticSummaries');
    expect(summaries.body.SamplingStatisticSummaries).toEqual([
      { RuleName: 'Cruddur', Timestamp: T0 - (T0 % 10), RequestCount: 10, BorrowCount: 0, SampledCount: 5 },
    ]);
    await expectError('/SamplingTargets', {}, 400, 'InvalidRequestException', /SamplingStatisticsDocuments/);
    await expectError('/SamplingStatisticSummaries', { NextToken: 'forged' }, 400, 'InvalidRequestException');
  });
});

describe('traces', () => {
  it('PutTraceSegments stores valid documents and lists refused ones with their reason', async () => {
    const trace = sampleTrace({ start: T0, serial: 1 });
    const result = await call('/TraceSegments', {
      TraceSegmentDocuments: [trace.gateway, '{"id":"zz","name":"x"}', 'not json'],
    });
    expect(result.body.UnprocessedTraceSegments).toEqual([
      { Id: 'zz', ErrorCode: 'bad_trace_id', Message: expect.stringContaining('bad_trace_id') },
      { ErrorCode: 'bad_json', Message: expect.any(String) },
    ]);
    expect(backend.store.get(trace.traceId)?.segments).toHaveLength(1);
    await expectError('/TraceSegments', {}, 400, 'InvalidRequestException', /TraceSegmentDocuments/);
  });

  it('GetTraceSummaries pages newest first and keeps the order across pages', async () => {
    for (let serial = 1; serial <= 5; serial++) ingest(serial);
    const ids: string[] = [];
    let token: string | undefined;
    let pages = 0;
    const small = new XRayApiRouter(backend, { pageSize: 2 });
    do {
      const response = await small.handle('POST', '/TraceSummaries', JSON.stringify({ ...WINDOW, NextToken: token }));
      const page = { body: JSON.parse(response.body) };
      expect(page.body.TracesProcessedCount).toBe(5);
      expect(page.body.ApproximateTime).toBe(T0 + 1);
      ids.push(...page.body.TraceSummaries.map((s: { Id: string }) => s.Id));
      token = page.body.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(ids).toEqual([5, 4, 3, 2, 1].map((serial) => sampleTrace({ start: T0 + serial / 100, serial }).traceId));
  });

  it('GetTraceSummaries applies the window, the filter expression, sampling and TimeRangeType', async () => {
    ingest(1, T0, 200);
    ingest(2, T0 + 1, 500);
    ingest(3, T0 - 600, 200);
    const summaries = async (body: object) =>
      (await call('/TraceSummaries', { ...WINDOW, ...body })).body.TraceSummaries as {
        Id: string;
        HasFault: boolean;
      }[];
    expect(await summaries({})).toHaveLength(2);
    const faulty = await summaries({ FilterExpression: 'service("gateway") {fault OR error}' });
    expect(faulty.map((s) => s.HasFault)).toEqual([true]);
    expect(await summaries({ FilterExpression: 'annotation.serial = 1' })).toHaveLength(1);
    expect(await summaries({ Sampling: true, SamplingStrategy: { Name: 'FixedRate', Value: 0 } })).toEqual([]);
    expect(await summaries({ Sampling: true, SamplingStrategy: { Name: 'PartialScan', Value: 1 } })).toHaveLength(2);
    const byUpdate = await call('/TraceSummaries', { ...WINDOW, TimeRangeType: 'Event' });
    expect([byUpdate.body.TraceSummaries.length, byUpdate.body.TracesProcessedCount]).toEqual([3, 3]);
    expect(await summaries({ TimeRangeType: 'Service', StartTime: T0 - 601, EndTime: T0 - 599 })).toHaveLength(1);
    await expectError(
      '/TraceSummaries',
      { ...WINDOW, FilterExpression: 'fault AND (' },
      400,
      'InvalidRequestException',
      /position \d+/,
    );
    await expectError(
      '/TraceSummaries',
      { ...WINDOW, TimeRangeType: 'Week' },
      400,
      'InvalidRequestException',
      /TimeRangeType/,
    );
    await expectError('/TraceSummaries', { StartTime: T0 }, 400, 'InvalidRequestException', /EndTime/);
    await expectError(
      '/TraceSummaries',
      { StartTime: '2025-01-01', EndTime: T0 },
      400,
      'InvalidRequestException',
      /StartTime/,
    );
    await expectError('/TraceSummaries', { StartTime: T0, EndTime: T0 - 1 }, 400, 'InvalidRequestException');
    for (const forged of forgedTokens('GetTraceSummaries'))
      await expectError(
        '/TraceSummaries',
        { ...WINDOW, NextToken: forged },
        400,
        'InvalidRequestException',
        /NextToken/,
      );
  });

  it('BatchGetTraces returns documents, lists unknown ids once and pages', async () => {
    const traces = [1, 2, 3].map((serial) => ingest(serial));
    const unknown = '1-00000000-000000000000000000000000';
    const small = new XRayApiRouter(backend, { pageSize: 2 });
    const traces2 = async (body: object) => ({
      body: JSON.parse((await small.handle('POST', '/Traces', JSON.stringify(body))).body),
    });
    const first = await traces2({ TraceIds: [...traces.map((t) => t.traceId), unknown, traces[0].traceId] });
    expect(first.body.Traces.map((t: { Id: string }) => t.Id)).toEqual([traces[0].traceId, traces[1].traceId]);
    expect(first.body.Traces[0].Segments).toHaveLength(2);
    expect(first.body.UnprocessedTraceIds).toEqual([unknown]);
    const second = await traces2({
      TraceIds: [...traces.map((t) => t.traceId), unknown],
      NextToken: first.body.NextToken,
    });
    expect(second.body).toEqual({
      Traces: [expect.objectContaining({ Id: traces[2].traceId })],
      UnprocessedTraceIds: [],
    });
    await expectError('/Traces', { TraceIds: 'x' }, 400, 'InvalidRequestException', /TraceIds/);
    await expectError('/Traces', { TraceIds: [], NextToken: 'forged' }, 400, 'InvalidRequestException', /NextToken/);
  });

  it('GetServiceGraph: Default from the aggregator, a filtered group from its matching traces', async () => {
    ingest(1, T0, 200);
    ingest(2, T0 + 1, 500);
    const all = await call('/ServiceGraph', WINDOW);
    const names = (services: { Name: string }[]) => services.map((s) => s.Name).sort();
    expect(names(all.body.Services)).toEqual(['activities', 'client', 'gateway']);
    const gateway = all.body.Services.find((s: { Name: string }) => s.Name === 'gateway');
    expect(gateway.SummaryStatistics).toMatchObject({ TotalCount: 2, OkCount: 1, FaultStatistics: { TotalCount: 1 } });
    expect(all.body).toMatchObject({
      StartTime: WINDOW.StartTime,
      EndTime: WINDOW.EndTime,
      ContainsOldGroupVersions: false,
    });
    expect((await call('/ServiceGraph', { ...WINDOW, GroupName: 'Default' })).body.Services).toEqual(all.body.Services);

    const group = (await call('/CreateGroup', { GroupName: 'Faults', FilterExpression: 'fault' })).body.Group;
    const faults = await call('/ServiceGraph', { ...WINDOW, GroupARN: group.GroupARN });
    const faultGateway = faults.body.Services.find((s: { Name: string }) => s.Name === 'gateway');
    expect(faultGateway.SummaryStatistics).toMatchObject({ TotalCount: 1, OkCount: 0 });
    await expectError('/ServiceGraph', { ...WINDOW, GroupName: 'Nope' }, 400, 'InvalidRequestException', /not found/);
    await expectError('/ServiceGraph', { ...WINDOW, NextToken: 'forged' }, 400, 'InvalidRequestException');
    await expectError('/ServiceGraph', { GroupName: 'Default' }, 400, 'InvalidRequestException', /StartTime/);
  });

  it('GetTraceGraph builds the graph of the given traces', async () => {
    const trace = ingest(1, T0, 200);
    ingest(2, T0 + 1, 500);
    const graph = await call('/TraceGraph', { TraceIds: [trace.traceId, '1-00000000-000000000000000000000000'] });
    const gateway = graph.body.Services.find((s: { Name: string }) => s.Name === 'gateway');
    expect(gateway.SummaryStatistics).toMatchObject({ TotalCount: 1, OkCount: 1 });
    expect(graph.body.Services).toHaveLength(3);
    await expectError('/TraceGraph', {}, 400, 'InvalidRequestException', /TraceIds/);
  });
});
