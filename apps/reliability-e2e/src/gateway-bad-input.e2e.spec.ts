import { CruddurStack, DaemonUnderTest } from '@cruddur/test-kit';
import { activityBody, MARKER, traceHeaderCase } from './corpus/trace-header-corpus';
import { recordFigures } from './support/figures';
import { type HttpAnswer, rawRequest, runConcurrently } from './support/http';
import { count, Random, SEED } from './support/scale';

/** Issue #8.3: the services under bad input, through the gateway, with the daemon checking every segment they send. */
const HEADER_CASES = count('TRACE_HEADERS', 10_000, 100_000);
const BODY_CASES = count('GATEWAY_BODIES', 1000, 10_000);
const ANSWERED = /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=[01]$/;
/** What a gateway answer may carry: anything else would have come from the request. */
const ALLOWED_HEADERS = new Set([
  'x-powered-by',
  'x-amzn-trace-id',
  'content-type',
  'content-length',
  'etag',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

let daemon: DaemonUnderTest;
let stack: CruddurStack;

beforeAll(async () => {
  daemon = await DaemonUnderTest.start();
  stack = await CruddurStack.start({ AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.port}` });
});
afterAll(async () => {
  await stack?.stop();
  await daemon?.stop();
});

const ROUTES = [
  'GET /api/health/live',
  'GET /api/activities/home',
  'GET /api/activities/@worf',
  'GET /no/such/route',
  'GET /api/activities/not-a-uuid',
];

interface AnswerTally {
  byStatus: Record<string, number>;
  parserRefused: number;
  problems: string[];
}

/**
 * Checks one answer: no 5xx; nothing of the request in the response headers; and, unless Node's
 * HTTP parser refused the request before any app code ran (400/431 with no trace header), the
 * answered trace header has exactly the canonical shape.
 */
function check(answer: HttpAnswer & { raw: string }, what: string, outcome: AnswerTally, validRoot?: string): void {
  outcome.byStatus[answer.status] = (outcome.byStatus[answer.status] ?? 0) + 1;
  const problem = (text: string) =>
    outcome.problems.length < 30 && outcome.problems.push(`${text}: ${what} -> ${answer.raw.slice(0, 300)}`);
  if (answer.status === 0) return void problem('no answer');
  if (answer.status >= 500) problem('5xx');
  const names = Object.keys(answer.headers);
  if (names.some((n) => !ALLOWED_HEADERS.has(n)))
    problem(`unexpected response header ${names.filter((n) => !ALLOWED_HEADERS.has(n))}`);
  if (answer.rawHeaders.some((line) => line.includes(MARKER))) problem('request text in response headers');
  const traceHeader = answer.headers['x-amzn-trace-id'];
  if (traceHeader === undefined) {
    if ((answer.status === 400 || answer.status === 431) && answer.headers['x-powered-by'] === undefined)
      outcome.parserRefused++;
    else problem('no X-Amzn-Trace-Id');
    return;
  }
  if (!ANSWERED.test(traceHeader)) problem(`answered ${JSON.stringify(traceHeader)}`);
  if (validRoot !== undefined && !traceHeader.startsWith(`Root=${validRoot};`))
    problem(`did not continue ${validRoot}`);
}

it(`answers ${HEADER_CASES} generated X-Amzn-Trace-Id values without a 5xx or anything injected`, async () => {
  const r = new Random(SEED);
  const cases = Array.from({ length: HEADER_CASES }, () => ({ ...traceHeaderCase(r), route: r.pick(ROUTES) }));
  const outcome: AnswerTally = { byStatus: {}, parserRefused: 0, problems: [] };
  const byKind: Record<string, number> = {};
  const before = await daemon.counters();
  const started = Date.now();
  await runConcurrently(cases.length, 16, async (i) => {
    const c = cases[i];
    byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
    const [method, path] = c.route.split(' ');
    const head = Buffer.concat([
      Buffer.from(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Amzn-Trace-Id: `),
      c.value,
      Buffer.from('\r\n\r\n'),
    ]);
    check(
      await rawRequest(stack.gateway.port, head),
      `${c.kind} ${JSON.stringify(c.value.toString('latin1').slice(0, 120))}`,
      outcome,
      c.validRoot,
    );
  });
  const seconds = (Date.now() - started) / 1000;
  // Let the last segments arrive, then: the tracing never sent the daemon a document it refuses.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = await daemon.counters();
  const figures = {
    seed: SEED,
    headerValues: cases.length,
    byKind,
    byStatus: outcome.byStatus,
    refusedByNodeHttpParser: outcome.parserRefused,
    seconds,
    segmentsAccepted: after.ingest.accepted - before.ingest.accepted,
    segmentsRejected: after.ingest.rejected - before.ingest.rejected,
    segmentsExpired: (after.ingest as { expired?: number }).expired,
  };
  recordFigures('gateway-trace-headers', figures);
  expect(outcome.problems).toEqual([]);
  expect(figures.segmentsRejected).toBe(0);
  expect(figures.segmentsAccepted).toBeGreaterThan(0);
  expect(stack.gateway.logs()).not.toMatch(/ERROR|Unhandled|TypeError/);
});

it(`answers ${BODY_CASES} malformed POST bodies with 4xx (or 201 when valid), never a 5xx`, async () => {
  const r = new Random(SEED + 1);
  const outcome: AnswerTally = { byStatus: {}, parserRefused: 0, problems: [] };
  const byKind: Record<string, Record<string, number>> = {};
  await runConcurrently(BODY_CASES, 8, async () => {
    const c = activityBody(r);
    const path =
      r.int(4) === 0
        ? `/api/activities/${r.pick(['66e12864-8c26-4c3a-9658-95a10f8fea67', 'not-a-uuid', '../../etc/passwd'])}/reply`
        : '/api/activities';
    const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: ${c.contentType}\r\nContent-Length: ${c.body.length}\r\nX-Amzn-Trace-Id: Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${r.hex(24)};Sampled=1\r\n\r\n`;
    const answer = await rawRequest(stack.gateway.port, head, c.body);
    (byKind[c.kind] ??= {})[answer.status] = (byKind[c.kind][answer.status] ?? 0) + 1;
    check(answer, `${c.kind} ${path} ${c.body.toString('utf8').slice(0, 100)}`, outcome);
    const invalid =
      ['bad_json', 'huge_body', 'deep_json', 'huge_numbers'].includes(c.kind) ||
      (c.kind === 'wrong_types' && path === '/api/activities');
    if (invalid && (answer.status < 400 || answer.status >= 500)) {
      outcome.problems.push(`${c.kind} accepted with ${answer.status}: ${c.body.toString('utf8').slice(0, 100)}`);
    }
  });
  recordFigures('gateway-bodies', { seed: SEED + 1, bodies: BODY_CASES, byKind, byStatus: outcome.byStatus });
  expect(outcome.problems).toEqual([]);
  // Still healthy end to end afterwards.
  expect((await fetch(stack.url('/api/health'))).status).toBe(200);
});
