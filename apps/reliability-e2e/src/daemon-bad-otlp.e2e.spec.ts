import { BatchGetTracesCommand } from '@aws-sdk/client-xray';
import { OtlpTraceSchema } from '@cruddur/otlp';
import { DaemonUnderTest } from '@cruddur/test-kit';
import { BAD_ONLY_FAMILIES, OTLP_LIMIT, type OtlpCase, otlpCorpus } from './corpus/otlp-corpus';
import { recordFigures } from './support/figures';
import { endlessBodyRequest, type HttpBytesAnswer, httpClient, rawRequest, runConcurrently } from './support/http';
import { rssKb } from './support/proc-stats';
import { count, Random, SEED } from './support/scale';

/** Issue #16: the OTLP/HTTP receiver under a generated corpus of bad requests, over its real socket. */
const CASES = count('OTLP_CASES', 400, 4000);
/** Bad-only requests sent after the mixed run: memory must not grow with them. */
const BAD_TAIL = count('OTLP_BAD_TAIL', 300, 3000);

let daemon: DaemonUnderTest;
const client = httpClient(4);

beforeAll(async () => {
  daemon = await DaemonUnderTest.start({ XRAY_DAEMON_MAX_TRACES: '1000000' });
});
afterAll(async () => {
  client.close();
  await daemon?.stop();
});

const ExportResponse = OtlpTraceSchema.ExportTraceServiceResponse;

/** The rejected span count an answer reports (0 when there is no partial_success). */
function rejectedSpans(answer: HttpBytesAnswer, json: boolean): number {
  if (json)
    return Number(
      (JSON.parse(answer.body) as { partialSuccess?: { rejectedSpans?: string } }).partialSuccess?.rejectedSpans ?? 0,
    );
  const decoded = ExportResponse.toObject(ExportResponse.decode(answer.bytes), { longs: Number }) as {
    partialSuccess?: { rejectedSpans?: number };
  };
  return decoded.partialSuccess?.rejectedSpans ?? 0;
}

/** Sends one case; a wrong answer is described, a right one is undefined. */
async function check(c: OtlpCase): Promise<{ status: number; problem?: string }> {
  const answer = await client.send(daemon.otlpPort, 'POST', '/v1/traces', c.headers, c.body);
  const status = answer.status;
  const clientError = status >= 400 && status < 500;
  const say = (problem: string) => ({
    status,
    problem: `${c.kind}: ${problem} (${status} ${answer.body.slice(0, 200)})`,
  });
  if (status >= 500) return say('server error');
  if (c.expect === '4xx' && !clientError) return say('expected a 4xx');
  if (c.expect === 200 && status !== 200) return say('expected 200');
  if (status === 200) {
    const json = c.headers['content-type'] === 'application/json';
    const rejected = rejectedSpans(answer, json);
    if (c.expect === 200 && rejected !== c.rejected) return say(`rejected_spans ${rejected}, expected ${c.rejected}`);
  } else if (!clientError) return say('neither 200 nor 4xx');
  return { status };
}

it(`answers ${CASES} generated OTLP requests (garbage, truncated, wrong wire types, huge repeated fields, deep nesting, gzip bombs, bad ids and times, 10k attributes) with clear 4xx or partial success, stores every valid span, never a 5xx, memory flat`, async () => {
  const r = new Random(SEED);
  const cases = otlpCorpus(r, CASES);
  const pid = daemon.pid as number;
  const before = await daemon.counters();
  const rssBefore = rssKb(pid);
  const byStatus: Record<string, number> = {};
  const byKind: Record<string, Record<string, number>> = {};
  const wrong: string[] = [];
  const run = async (list: readonly OtlpCase[]) =>
    runConcurrently(list.length, 4, async (i) => {
      const c = list[i];
      const { status, problem } = await check(c);
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      (byKind[c.kind] ??= {})[status] = (byKind[c.kind][status] ?? 0) + 1;
      if (problem !== undefined) wrong.push(problem);
    });
  await run(cases);
  const rssAfterMixed = rssKb(pid);
  await run(otlpCorpus(r, BAD_TAIL, BAD_ONLY_FAMILIES));
  const rssAfter = rssKb(pid);
  const after = await daemon.counters();

  const valid = cases.flatMap((c) => c.valid);
  const expectedRejected = cases.reduce((n, c) => n + (c.expect === 200 ? c.rejected : 0), 0);
  const figures = {
    seed: SEED,
    requests: cases.length + BAD_TAIL,
    byStatus,
    byKind,
    validSpans: valid.length,
    expectedRejectedSpans: expectedRejected,
    otlp: after.otlp,
    rssKb: { before: rssBefore, afterMixed: rssAfterMixed, after: rssAfter },
  };
  recordFigures('daemon-bad-otlp', figures);
  expect(wrong.slice(0, 20)).toEqual([]);
  expect(Object.keys(byStatus).filter((s) => Number(s) >= 500)).toEqual([]);
  expect((await fetch(daemon.url('/healthz'))).status).toBe(200);
  expect(daemon.logs()).not.toMatch(/OTLP receiver bug/);

  // Every valid span stored (one root segment each) and read back; nothing else stored.
  const spans = after.otlp?.spans;
  expect((spans?.accepted ?? 0) - (before.otlp?.spans.accepted ?? 0)).toBe(valid.length);
  expect(after.ingest.stored.segments - before.ingest.stored.segments).toBe(valid.length);
  for (let i = 0; i < valid.length; i += 100) {
    const ids = valid.slice(i, i + 100);
    const found = new Set<string>();
    let NextToken: string | undefined;
    do {
      const page = await daemon.client.send(
        new BatchGetTracesCommand({ TraceIds: ids.map((v) => v.traceId), NextToken }),
      );
      for (const trace of page.Traces ?? [])
        for (const segment of trace.Segments ?? []) found.add(`${trace.Id}/${segment.Id}`);
      NextToken = page.NextToken;
    } while (NextToken);
    expect(ids.filter((v) => !found.has(`${v.traceId}/${v.spanId}`))).toEqual([]);
  }

  // Bad input alone leaves nothing behind.
  expect(rssAfter - rssAfterMixed).toBeLessThan(64 * 1024);
});

describe('limits over the real socket', () => {
  it('a body declared over 20 MiB is a 413 google.rpc.Status before it is read', async () => {
    const head = `POST /v1/traces HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-protobuf\r\nContent-Length: ${OTLP_LIMIT + 1}\r\nConnection: close\r\n\r\n`;
    const answer = await rawRequest(daemon.otlpPort, head, Buffer.alloc(1024));
    expect(answer.status).toBe(413);
    expect(OtlpTraceSchema.Status.toObject(OtlpTraceSchema.Status.decode(Buffer.from(answer.body, 'latin1')))).toEqual({
      code: 8,
      message: expect.stringContaining('over'),
    });
  });

  it('an oversized body sent whole gets its 413 on a connection that stays usable; a body that never ends is cut off', async () => {
    const oneSocket = httpClient(1);
    const protobuf = { 'content-type': 'application/x-protobuf', host: 'localhost' };
    try {
      const first = await oneSocket.send(daemon.otlpPort, 'POST', '/v1/traces', protobuf, Buffer.alloc(OTLP_LIMIT + 1));
      expect(first.status).toBe(413);
      const second = await oneSocket.send(daemon.otlpPort, 'POST', '/v1/traces', protobuf, Buffer.alloc(0));
      expect([second.status, second.localPort]).toEqual([200, first.localPort]);
    } finally {
      oneSocket.close();
    }
    const endless = await endlessBodyRequest(
      daemon.otlpPort,
      `POST /v1/traces HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-protobuf\r\nContent-Length: ${1e12}\r\n\r\n`,
    );
    expect(endless.status).toBe(413);
  });

  it('a Host that is not loopback is refused (DNS rebinding), nothing stored', async () => {
    const answer = await client.send(
      daemon.otlpPort,
      'POST',
      '/v1/traces',
      { 'content-type': 'application/json', host: 'evil.example' },
      '{}',
    );
    expect(answer.status).toBe(403);
  });
});
