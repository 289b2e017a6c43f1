// OTLP ingest without HTTP or the store: the daemon's per-request work on the same bodies as
// bench/otlp-ingest.js (its traces as 512+ span requests, protobuf and OTLP JSON) in three
// stages: decode; decode + translate to X-Ray documents; decode + translate + validate and
// serialize each document (prepareSegmentObject, as the receiver does). CPU µs per span, medians
// of BENCH_ROUNDS. With several BENCH_SOURCES (repository roots, e.g. a `git archive` of main
// with node_modules linked in), each source's libraries run on the same bodies, alternating
// within each round, each run in a fresh process of its own (one process holding both would
// share its heap, GC and inline caches between them): steadier on a busy machine than the daemon
// bench, and a check that a change pays before the daemon run.
//
//   node bench/otlp-decode.js
//   BENCH_SOURCES=before=/tmp/old,after=. BENCH_ROUNDS=7 node bench/otlp-decode.js
require('./lib/ts-require');
const { execFileSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { encodeJson } = require('./lib/otlp-json');
const { writeResult } = require('./lib/results');
const { traceFactory } = require('./lib/segment-docs');
const { median, table } = require('./lib/stats');

const ROUNDS = Number(process.env.BENCH_ROUNDS || 7);
const REQUESTS = Number(process.env.BENCH_REQUESTS || 60);
const BATCH = 512;
const BODIES = 8;
const ENCODINGS = ['protobuf', 'json'];
const STAGES = ['decode', 'decode + translate', 'decode + translate + validate'];
const SOURCES = (process.env.BENCH_SOURCES || `current=${path.join(__dirname, '..')}`).split(',').map((entry) => {
  const [name, dir] = entry.split('=');
  return { name, root: path.resolve(dir) };
});

/** A source's libraries, loaded from its own TypeScript. */
function load(root) {
  return {
    otlp: require(path.join(root, 'libs/otlp/src/index.ts')),
    prepare: require(path.join(root, 'libs/xray-backend/src/segments/prepare-segment-object.ts')).prepareSegmentObject,
  };
}

/** The bodies: whole traces until 512 spans each, the same for every source (a fixed seed). */
function bodies(otlp) {
  const factory = traceFactory({ seed: 1 });
  return Array.from({ length: BODIES }, () => {
    const segments = [];
    let spans = 0;
    while (spans < BATCH) {
      for (const datagram of factory.next(Date.now() / 1000)) {
        const segment = JSON.parse(datagram.toString('utf8', factory.headerBytes));
        segments.push(segment);
        spans += otlp.countEntities(segment);
      }
    }
    const resourceSpans = otlp.segmentsToResourceSpans(segments);
    return {
      spans,
      json: Buffer.from(encodeJson(resourceSpans)),
      protobuf: Buffer.from(otlp.encodeTraceRequestProtobuf(resourceSpans, { name: 'bench' })),
    };
  });
}

/** One request through `stage`: how many spans it decoded, or documents it made or accepted. */
function once(source, encoding, stage, body) {
  const batch =
    encoding === 'json'
      ? source.otlp.decodeTraceRequestJson(body.json.toString('utf8'))
      : source.otlp.decodeTraceRequestProtobuf(body.protobuf);
  if (stage === 0) return batch.reduce((n, rs) => n + rs.spans.length, 0);
  const { documents } = source.otlp.spansToDocuments(batch);
  if (stage === 1) return documents.length;
  let accepted = 0;
  for (const document of documents) if (source.prepare(document).ok) accepted++;
  return accepted;
}

/** In a worker process: a warm-up pass, then a measured one of every stage; prints them as JSON. */
function worker(root) {
  const source = load(root);
  const all = bodies(source.otlp);
  const result = {};
  for (let pass = 0; pass < 2; pass++)
    for (const encoding of ENCODINGS)
      for (const [stage] of STAGES.entries()) {
        let spans = 0;
        let documents = 0;
        const start = process.cpuUsage();
        for (let i = 0; i < REQUESTS; i++) {
          documents += once(source, encoding, stage, all[i % BODIES]);
          spans += all[i % BODIES].spans;
        }
        const used = process.cpuUsage(start);
        result[`${encoding}|${stage}`] = { micros: (used.user + used.system) / spans, documents };
      }
  process.stdout.write(JSON.stringify(result));
}

function main() {
  const runs = {};
  for (let round = 1; round <= ROUNDS; round++)
    for (const source of SOURCES) {
      const out = execFileSync(process.execPath, [__filename], {
        env: { ...process.env, BENCH_WORKER_ROOT: source.root },
        encoding: 'utf8',
      });
      for (const [key, run] of Object.entries(JSON.parse(out))) (runs[`${source.name}|${key}`] ??= []).push(run);
      console.error(`round ${round} ${source.name} done`);
    }
  const rows = [];
  for (const encoding of ENCODINGS)
    for (const [stage, what] of STAGES.entries())
      for (const source of SOURCES) {
        const list = runs[`${source.name}|${encoding}|${stage}`];
        const micros = list.map((r) => r.micros);
        rows.push({
          source: source.name,
          encoding,
          stage: what,
          'cpu µs/span': median(micros).toFixed(2),
          'min-max': `${Math.min(...micros).toFixed(2)}-${Math.max(...micros).toFixed(2)}`,
          'spans or documents': list[0].documents,
        });
      }
  const loadAverage = os.loadavg();
  console.log(
    `\nOTLP decode and translate, a process per source and round: ${REQUESTS} requests of ${BATCH}+ spans, medians of ${ROUNDS} rounds`,
  );
  console.log(`Load average at the end (1, 5, 15 min): ${loadAverage.map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log(table(rows));
  const sources = SOURCES.map((s) => s.name);
  console.log(
    `\n${writeResult('otlp-decode', { rounds: ROUNDS, requests: REQUESTS, sources, loadAverage, rows, runs })}`,
  );
}

if (process.env.BENCH_WORKER_ROOT) worker(process.env.BENCH_WORKER_ROOT);
else main();
