// /TraceSummaries with a filter expression in-process (no HTTP, no daemon): the xray-backend
// sources are loaded through ts-require, BENCH_TRACES traces (4 segments each, the documents of
// daemon-queries.js) go through SegmentIngest once, then each expression is timed over all of
// them (a full scan when nothing matches, like daemon-queries.js over its newest 100,000), medians
// of BENCH_ROUNDS x BENCH_REPEATS. With several BENCH_SOURCES, every source ingests the same
// documents into its own backend (the store is part of what is measured: since issue #7 round 4
// it keeps per-second bucket summaries that scans skip by) and their queries run in the same
// process, alternating, so machine state is shared; their pages must be identical (same matches).
//
//   node --expose-gc bench/filter-scans.js            (--expose-gc: one full GC after loading)
//   BENCH_SOURCES=before=/tmp/old/libs/xray-backend/src,after=libs/xray-backend/src node --expose-gc bench/filter-scans.js
//   BENCH_FILTERS='service("billing");;edge("a", "b") { fault }' node --expose-gc bench/filter-scans.js
const path = require('node:path');
const { writeResult } = require('./lib/results');
const { median, table } = require('./lib/stats');

const TRACES = Number(process.env.BENCH_TRACES || 100000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 8);
const REPEATS = Number(process.env.BENCH_REPEATS || 5);
const SPAN = 2500;
const SOURCES = (process.env.BENCH_SOURCES || 'current=libs/xray-backend/src').split(',').map((entry) => {
  const [name, dir] = entry.split('=');
  return { name, dir: path.resolve(dir) };
});
// The full scans of issue #7 (nothing matches) and, to check pages, two that match.
const FILTERS = process.env.BENCH_FILTERS
  ? process.env.BENCH_FILTERS.split(';;')
  : [
      'service("billing") { fault }',
      'edge("gateway", "billing")',
      'service("notifications") { responsetime > 10 }',
      'edge("gateway", "activities") { responsetime > 10 }',
      'service("activities") { fault OR error }',
      'edge("activities", "notifications") { error }',
      'service(id(name: "postgres@db", type: "remote")) { responsetime > 10 }',
      'annotation.URI = "/api/activities/notifications"',
      'responsetime > 10',
      'service("notifications") { fault }',
      'edge("gateway", "activities") { responsetime > 0.002 }',
    ];

require('./lib/ts-require');
const { traceFactory } = require('./lib/segment-docs');

async function main() {
  const queries = SOURCES.map(
    ({ dir }) => require(path.join(dir, 'api', 'trace-summaries-query.ts')).getTraceSummaries,
  );
  const nowMs = Date.now();
  const end = nowMs / 1000 - 10;
  const backends = [];
  for (const { dir } of SOURCES) {
    const { XRayBackend } = require(path.join(dir, 'index.ts'));
    const { backend } = await XRayBackend.open({ maxTraces: TRACES, maxAgeSeconds: SPAN * 4, now: () => nowMs });
    const factory = traceFactory({ seed: 7 });
    for (let i = 0; i < TRACES; i++) {
      for (const buf of factory.next(end - SPAN + (i * SPAN) / TRACES)) {
        const outcome = backend.ingest.receiveDocument(buf.toString('latin1', factory.headerBytes));
        if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
      }
    }
    backends.push(backend);
  }
  global.gc?.();
  const now = nowMs / 1000;
  const ms = FILTERS.map(() => SOURCES.map(() => []));
  const pages = FILTERS.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    FILTERS.forEach((expression, f) => {
      const body = { StartTime: end - SPAN - 1, EndTime: now, FilterExpression: expression };
      // Alternate which source goes first.
      const order = SOURCES.map((_, s) => s);
      if (round % 2) order.reverse();
      for (const s of order) {
        // What the API passes: the time, and the services that send segments (for `partial`).
        const view = { now, senders: backends[s].graph.segmentSenders() };
        const page = queries[s](backends[s].store, body, view, 100); // warm-up, and the page to compare
        pages[f][s] = page.TraceSummaries.map((t) => t.Id).join();
        for (let r = 0; r < REPEATS; r++) {
          const t0 = process.hrtime.bigint();
          queries[s](backends[s].store, body, view, 100);
          ms[f][s].push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }
    });
  }
  for (const backend of backends) await backend.close();
  const rows = FILTERS.map((expression, f) => {
    if (pages[f].some((page) => page !== pages[f][0]))
      throw new Error(`sources return different pages for ${expression}`);
    const row = { expression, page: pages[f][0] === '' ? 0 : pages[f][0].split(',').length };
    SOURCES.forEach(({ name }, s) => (row[`${name} ms`] = median(ms[f][s]).toFixed(1)));
    if (SOURCES.length > 1)
      row[`ratio ${SOURCES[1].name}/${SOURCES[0].name}`] = (median(ms[f][1]) / median(ms[f][0])).toFixed(3);
    return row;
  });
  console.log(
    `\n/TraceSummaries in-process over ${TRACES} traces: medians of ${ROUNDS} x ${REPEATS} in ms (pages identical across sources)\n`,
  );
  console.log(table(rows));
  const file = writeResult('filter-scans', {
    traces: TRACES,
    rounds: ROUNDS,
    repeats: REPEATS,
    sources: SOURCES,
    results: rows.map((row, f) => ({ ...row, ms: Object.fromEntries(SOURCES.map(({ name }, s) => [name, ms[f][s]])) })),
  });
  console.log(`\n${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
