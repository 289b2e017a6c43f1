import { DaemonUnderTest } from '@cruddur/test-kit';
import { apiCorpus, OPERATIONS } from './corpus/api-corpus';
import { recordFigures } from './support/figures';
import { endlessBodyRequest, type HttpAnswer, httpClient, rawRequest, runConcurrently } from './support/http';
import { count, Random, SEED } from './support/scale';

/** Issue #8.2: the daemon's X-Ray API over real HTTP, under a generated corpus of bad requests. */
const CASES = count('API_CASES', 3000, 30_000);
const MAX_BODY_BYTES = 1024 * 1024;

let daemon: DaemonUnderTest;
const client = httpClient(8);

beforeAll(async () => {
  daemon = await DaemonUnderTest.start();
});
afterAll(async () => {
  client.close();
  await daemon?.stop();
});

const JSON_HEADERS = { 'content-type': 'application/json', host: 'localhost' };

/** A 4xx in the AWS restJson1 shape: `{"__type": "...", "message": "..."}`. */
function expectAwsError(answer: HttpAnswer): void {
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  expect(typeof body.__type).toBe('string');
  expect(typeof body.message).toBe('string');
}

it(`answers ${CASES} generated bad requests with 4xx AWS errors (or 200 when the input is acceptable), never a 500`, async () => {
  const cases = apiCorpus(new Random(SEED), CASES);
  const byStatus: Record<string, number> = {};
  const byKind: Record<string, Record<string, number>> = {};
  const wrong: string[] = [];
  let slowestMs = 0;
  await runConcurrently(cases.length, 4, async (i) => {
    const c = cases[i];
    const started = Date.now();
    const answer = await client.send(daemon.port, 'POST', c.path, JSON_HEADERS, c.body);
    slowestMs = Math.max(slowestMs, Date.now() - started);
    byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
    (byKind[c.kind] ??= {})[answer.status] = (byKind[c.kind][answer.status] ?? 0) + 1;
    const isClientError = answer.status >= 400 && answer.status < 500;
    if (answer.status >= 500 || (c.mustFail && !isClientError) || (!isClientError && answer.status !== 200)) {
      wrong.push(`${answer.status} ${c.kind} ${c.path} ${c.body.slice(0, 200)} -> ${answer.body.slice(0, 200)}`);
      return;
    }
    if (isClientError) {
      try {
        expectAwsError(answer);
      } catch {
        wrong.push(`not an AWS error body: ${c.kind} ${c.path} -> ${answer.body.slice(0, 200)}`);
      }
    }
  });
  recordFigures('daemon-api-bad-input', { seed: SEED, requests: cases.length, byStatus, byKind, slowestMs });
  expect(wrong.slice(0, 20)).toEqual([]);
  expect(byStatus['500'] ?? 0).toBe(0);
  // A hostile expression costs milliseconds, not seconds.
  expect(slowestMs).toBeLessThan(5000);
  expect((await fetch(daemon.url('/healthz'))).status).toBe(200);
  expect(daemon.logs()).not.toMatch(/API bug|request failed/);
});

describe('limits and protocol errors', () => {
  it.each(Object.keys(OPERATIONS))(
    '%s: a body over the 1 MB limit is a 413 AWS error, declared or streamed',
    async (path) => {
      const big = JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) });
      const declared = await client.send(daemon.port, 'POST', path, JSON_HEADERS, big);
      expect(declared.status).toBe(413);
      expectAwsError(declared);
      // Chunked, no Content-Length: the daemon must stop at the limit while reading.
      const head = `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;
      const chunk = Buffer.alloc(256 * 1024, 'a');
      const chunks = Buffer.concat(
        Array.from({ length: 8 }, () =>
          Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]),
        ),
      );
      const streamed = await rawRequest(daemon.port, head, Buffer.concat([chunks, Buffer.from('0\r\n\r\n')]));
      expect(streamed.status).toBe(413);
      expectAwsError(streamed);
    },
  );

  it('an oversized body sent whole gets its 413 on a connection that stays usable; a body that never ends is cut off', async () => {
    const oneSocket = httpClient(1);
    try {
      const big = JSON.stringify({ pad: 'x'.repeat(2 * MAX_BODY_BYTES) });
      const first = await oneSocket.send(daemon.port, 'POST', '/TraceSummaries', JSON_HEADERS, big);
      expect(first.status).toBe(413);
      const second = await oneSocket.send(daemon.port, 'GET', '/healthz', { host: 'localhost' });
      expect([second.status, second.localPort]).toEqual([200, first.localPort]);
    } finally {
      oneSocket.close();
    }
    const endless = await endlessBodyRequest(
      daemon.port,
      `POST /TraceSummaries HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${1e12}\r\n\r\n`,
    );
    expect(endless.status).toBe(413);
    expect((await fetch(daemon.url('/healthz'))).status).toBe(200);
  });

  it('GET on an operation is a 405, an unknown operation a 404, both AWS-shaped', async () => {
    const get = await client.send(daemon.port, 'GET', '/TraceSummaries', { host: 'localhost' });
    expect(get.status).toBe(405);
    expectAwsError(get);
    const unknown = await client.send(daemon.port, 'POST', '/PutEncryptionConfig', JSON_HEADERS, '{}');
    expect(unknown.status).toBe(404);
    expectAwsError(unknown);
  });

  it('PutTraceSegments reports an over-64 KB document as unprocessed instead of storing it', async () => {
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${'a'.repeat(24)}`;
    const doc = JSON.stringify({
      name: 'big',
      id: 'b'.repeat(16),
      trace_id: traceId,
      start_time: Date.now() / 1000,
      end_time: Date.now() / 1000,
      metadata: { default: { pad: 'p'.repeat(70_000) } },
    });
    const answer = await client.send(
      daemon.port,
      'POST',
      '/TraceSegments',
      JSON_HEADERS,
      JSON.stringify({ TraceSegmentDocuments: [doc, 'not json'] }),
    );
    expect(answer.status).toBe(200);
    const unprocessed = (JSON.parse(answer.body) as { UnprocessedTraceSegments: { ErrorCode: string }[] })
      .UnprocessedTraceSegments;
    expect(unprocessed.map((u) => u.ErrorCode)).toEqual(['too_large', 'bad_json']);
    const notString = await client.send(
      daemon.port,
      'POST',
      '/TraceSegments',
      JSON_HEADERS,
      JSON.stringify({ TraceSegmentDocuments: [42] }),
    );
    expect(notString.status).toBe(400);
    expectAwsError(notString);
    expect((await daemon.counters()).ingest.stored.segments).toBe(0);
  });

  it('a TraceIds list that fills the body limit is answered, not choked on', async () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `1-5759e988-${i.toString(16).padStart(24, '0')}`);
    const started = Date.now();
    const answer = await client.send(daemon.port, 'POST', '/Traces', JSON_HEADERS, JSON.stringify({ TraceIds: ids }));
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
