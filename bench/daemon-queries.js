// Daemon queries and memory: loads the built daemon with BENCH_TRACES traces (4 segments each,
// 0.5-4 KB, spread over the last BENCH_SPAN seconds) through PutTraceSegments, then times
// /ServiceGraph, /TraceSummaries with filter expressions over the newest 100,000 traces, and
// /Traces for 5 traces over HTTP (medians of BENCH_REPEATS). Before that, a memory run: a fresh
// daemon holding 100,000 traces (400,000 segments), RSS read from /proc.
//
//   node bench/daemon-queries.js
//   BENCH_TRACES=250000 BENCH_REPEATS=20 node bench/daemon-queries.js
//   BENCH_DAEMONS=before=/tmp/old/main.js,after=xray-daemon node bench/daemon-queries.js
const { daemonBuilds } = require('./lib/daemon-builds');
const { api, counters } = require('./lib/daemon-client');
const { memoryMb } = require('./lib/proc-stats');
const { startDaemon } = require('./lib/daemon-runs');
const { writeResult } = require('./lib/results');
const { traceFactory } = require('./lib/segment-docs');
const { median, table } = require('./lib/stats');

const TRACES = Number(process.env.BENCH_TRACES || 250000);
const MEMORY_TRACES = Number(process.env.BENCH_MEMORY_TRACES || 100000);
const QUERY_TRACES = 100000;
const SPAN = Number(process.env.BENCH_SPAN || 2500);
const REPEATS = Number(process.env.BENCH_REPEATS || 20);
const BATCH_BYTES = 600 * 1024;
const DAEMONS = daemonBuilds();
// BENCH_FILTERS: expressions separated by ";;", or "none". The last two of the defaults (and the
// annotation.URI one) match nothing: full scans of the 100,000 traces, the worst case.
const FILTERS = process.env.BENCH_FILTERS
  ? process.env.BENCH_FILTERS.split(';;').filter((f) => f !== 'none')
  : [
      'responsetime > 0.05',
      'service("gateway") {fault OR error}',
      'http.status = 404',
      'annotation.URI = "/api/activities/notifications"',
      'annotation.user_handle = "worf"',
      'edge("gateway", "activities") { responsetime > 0.002 }',
      'service("billing") { fault }',
      'edge("gateway", "billing")',
    ];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A daemon for these runs: traces start up to SPAN seconds back, so retention covers four spans. */
async function startQueryDaemon(daemon, maxTraces) {
  const { app, httpPort } = await startDaemon(daemon, { maxTraces, maxAgeSeconds: SPAN * 4 });
  return { ...app, httpPort };
}

/**
 * PutTraceSegments in ~600 KB batches, two requests in flight. Trace i starts at
 * `end - SPAN + i * SPAN / count`. Returns {seconds, segments, traceIds (sample), firstOfLast}.
 */
async function load(httpPort, count, end) {
  const factory = traceFactory({ seed: 7 });
  const step = SPAN / count;
  const sampleIds = [];
  let segments = 0;
  let refused = 0;
  let i = 0;
  const nextBatch = () => {
    const docs = [];
    let bytes = 0;
    while (i < count && bytes < BATCH_BYTES) {
      const start = end - SPAN + i * step;
      for (const buf of factory.next(start)) {
        const json = buf.toString('latin1', factory.headerBytes);
        docs.push(json);
        bytes += json.length;
      }
      if (i % 997 === 0 && i >= count - QUERY_TRACES) sampleIds.push(JSON.parse(docs[docs.length - 1]).trace_id);
      i++;
    }
    return docs;
  };
  const started = process.hrtime.bigint();
  const worker = async () => {
    for (let docs = nextBatch(); docs.length > 0; docs = nextBatch()) {
      const { body } = await api(httpPort, '/TraceSegments', { TraceSegmentDocuments: docs });
      segments += docs.length;
      refused += body.UnprocessedTraceSegments.length;
    }
  };
  await Promise.all([worker(), worker()]);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, segments, refused, sampleIds };
}

async function time(repeats, fn, label) {
  await fn(); // warm-up
  const ms = [];
  let bytes = 0;
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    bytes = await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  if (label) console.error(`  ${label}: median ${median(ms).toFixed(1)} ms`);
  return { median: median(ms), p90: sorted[Math.floor(sorted.length * 0.9)], min: sorted[0], bytes };
}

async function memoryRun(daemon) {
  const app = await startQueryDaemon(daemon, MEMORY_TRACES);
  try {
    const end = Date.now() / 1000;
    const loaded = await load(app.httpPort, MEMORY_TRACES, end);
    await sleep(3000); // let the heap settle after the last batch
    const c = await counters(app.httpPort);
    const mem = memoryMb(app.pid);
    return {
      traces: c.ingest.stored.traces,
      segments: c.ingest.stored.segments,
      rssMb: mem.rss,
      peakRssMb: mem.peakRss,
      loadSegmentsPerSecond: loaded.segments / loaded.seconds,
    };
  } finally {
    await app.stop();
  }
}

async function queryRun(daemon) {
  const app = await startQueryDaemon(daemon, TRACES);
  try {
    const end = Date.now() / 1000;
    const loaded = await load(app.httpPort, TRACES, end);
    const c = await counters(app.httpPort);
    const mem = memoryMb(app.pid);
    const result = {
      traces: c.ingest.stored.traces,
      segments: c.ingest.stored.segments,
      refused: loaded.refused,
      loadSegmentsPerSecond: loaded.segments / loaded.seconds,
      rssMb: mem.rss,
      peakRssMb: mem.peakRss,
      queries: {},
    };
    console.error(
      `${daemon.name}: loaded ${result.segments} segments in ${loaded.seconds.toFixed(1)} s, RSS ${mem.rss.toFixed(0)} MB`,
    );
    const now = Date.now() / 1000 + 1;
    const lastStart = end - SPAN + (Math.max(0, TRACES - QUERY_TRACES) * SPAN) / TRACES; // newest 100,000 traces
    const q = result.queries;
    q['ServiceGraph (all)'] = await time(
      REPEATS,
      async () => (await api(app.httpPort, '/ServiceGraph', { StartTime: end - SPAN - 1, EndTime: now })).bytes,
      'ServiceGraph',
    );
    q['TraceSummaries, no filter'] = await time(
      REPEATS,
      async () => (await api(app.httpPort, '/TraceSummaries', { StartTime: lastStart, EndTime: now })).bytes,
      'TraceSummaries',
    );
    for (const expression of FILTERS) {
      let matched = 0;
      q[`TraceSummaries: ${expression}`] = await time(
        REPEATS,
        async () => {
          const res = await api(app.httpPort, '/TraceSummaries', {
            StartTime: lastStart,
            EndTime: now,
            FilterExpression: expression,
          });
          if (res.body.TracesProcessedCount < Math.min(QUERY_TRACES, TRACES) * 0.99)
            throw new Error(`window holds ${res.body.TracesProcessedCount} traces`);
          matched = res.body.TraceSummaries.length;
          return res.bytes;
        },
        expression,
      );
      q[`TraceSummaries: ${expression}`].page = matched;
    }
    let pick = 0;
    q['Traces (5 ids)'] = await time(
      REPEATS,
      async () => {
        const ids = [];
        for (let k = 0; k < 5; k++) ids.push(loaded.sampleIds[pick++ % loaded.sampleIds.length]);
        const res = await api(app.httpPort, '/Traces', { TraceIds: ids });
        if (res.body.Traces.length !== 5) throw new Error(`got ${res.body.Traces.length} traces`);
        return res.bytes;
      },
      'Traces',
    );
    return result;
  } finally {
    await app.stop();
  }
}

/** The query timings of every daemon side by side, then what each held while answering. */
function printQueries(queries) {
  console.log(`\nQueries over HTTP with ${TRACES} traces stored: medians of ${REPEATS} (p90, min) in ms\n`);
  const first = queries[DAEMONS[0].name];
  const rows = [];
  for (const name of Object.keys(first.queries)) {
    const row = { query: name };
    for (const daemon of DAEMONS) {
      const t = queries[daemon.name].queries[name];
      row[`${daemon.name} median`] = t.median.toFixed(1);
      row[`${daemon.name} p90`] = t.p90.toFixed(1);
    }
    if (DAEMONS.length > 1)
      row[`ratio ${DAEMONS[1].name}/${DAEMONS[0].name}`] = (
        queries[DAEMONS[1].name].queries[name].median / first.queries[name].median
      ).toFixed(3);
    row['response KB'] = (first.queries[name].bytes / 1024).toFixed(0);
    rows.push(row);
  }
  console.log(table(rows));
  console.log('');
  console.log(
    table(
      DAEMONS.map(({ name }) => ({
        daemon: name,
        'stored traces': queries[name].traces,
        'stored segments': queries[name].segments,
        refused: queries[name].refused,
        'load segments/s': queries[name].loadSegmentsPerSecond.toFixed(0),
        'RSS MB': queries[name].rssMb.toFixed(0),
        'peak RSS MB': queries[name].peakRssMb.toFixed(0),
      })),
    ),
  );
}

async function main() {
  const memory = {};
  for (const daemon of DAEMONS) {
    memory[daemon.name] = await memoryRun(daemon);
    const m = memory[daemon.name];
    console.error(
      `${daemon.name}: ${m.traces} traces / ${m.segments} segments in ${m.rssMb.toFixed(0)} MB RSS (peak ${m.peakRssMb.toFixed(0)} MB)`,
    );
  }
  console.log(`\nMemory: ${MEMORY_TRACES} traces, 4 segments each (mean document ~1.3 KB)\n`);
  console.log(
    table(
      DAEMONS.map(({ name }) => ({
        daemon: name,
        traces: memory[name].traces,
        segments: memory[name].segments,
        'RSS MB': memory[name].rssMb.toFixed(0),
        'peak RSS MB': memory[name].peakRssMb.toFixed(0),
        'RSS bytes/segment': ((memory[name].rssMb * 1048576) / memory[name].segments).toFixed(0),
      })),
    ),
  );
  const queries = {};
  // BENCH_SKIP_QUERIES: the memory figure alone (its result is still written).
  if (!process.env.BENCH_SKIP_QUERIES) for (const daemon of DAEMONS) queries[daemon.name] = await queryRun(daemon);
  if (Object.keys(queries).length > 0) printQueries(queries);
  const file = writeResult('daemon-queries', {
    traces: TRACES,
    memoryTraces: MEMORY_TRACES,
    span: SPAN,
    repeats: REPEATS,
    daemons: DAEMONS,
    memory,
    queries,
  });
  console.log(`\n${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
