// Store memory and ingest cost in-process (no HTTP, no daemon): the xray-backend sources are
// loaded through ts-require, BENCH_MEMORY_TRACES traces (4 segments each, the documents of
// daemon-queries.js) go through SegmentIngest.receiveDocument, then global.gc() twice and
// process.memoryUsage(). Then BENCH_CHURN_TRACES more traces at the same bound (each evicts the
// oldest) time steady-state ingest per segment: wall, CPU (GC threads included), the main thread's
// CPU, and main-thread GC pauses (a PerformanceObserver). Every sample
// is a fresh child process; sources alternate.
//
//   node bench/ingest-memory.js
//   BENCH_RUNS=5 BENCH_SOURCES=before=/tmp/old/libs/xray-backend/src,after=libs/xray-backend/src node bench/ingest-memory.js
//   BENCH_INPUT=datagram node bench/ingest-memory.js   (whole UDP datagrams through receiveDatagram, as the daemon gets them)
const { spawnSync } = require('node:child_process');
const { performance, PerformanceObserver } = require('node:perf_hooks');
const path = require('node:path');
const { cpuSeconds } = require('./lib/proc-stats');
const { writeResult } = require('./lib/results');
const { median, table } = require('./lib/stats');

const TRACES = Number(process.env.BENCH_MEMORY_TRACES || 100000);
const CHURN = Number(process.env.BENCH_CHURN_TRACES || 50000);
const RUNS = Number(process.env.BENCH_RUNS || 3);
const SPAN = 2500;
const INPUT = process.env.BENCH_INPUT || 'document';
if (INPUT !== 'document' && INPUT !== 'datagram') throw new Error(`BENCH_INPUT: document or datagram, not ${INPUT}`);
const SOURCES = (process.env.BENCH_SOURCES || 'current=libs/xray-backend/src').split(',').map((entry) => {
  const [name, dir] = entry.split('=');
  return { name, dir: path.resolve(dir) };
});

function sample(dir) {
  require('./lib/ts-require');
  const { traceFactory } = require('./lib/segment-docs');
  const { XRayBackend } = require(path.join(dir, 'index.ts'));
  return XRayBackend.open({ maxTraces: TRACES, maxAgeSeconds: SPAN * 4 }).then(async ({ backend }) => {
    const factory = traceFactory({ seed: 7 });
    const end = Date.now() / 1000;
    // Main-thread GC pauses, summed per phase (entries arrive after the synchronous feed).
    const gcPauses = [];
    const gcObserver = new PerformanceObserver((list) => gcPauses.push(...list.getEntries()));
    gcObserver.observe({ entryTypes: ['gc'] });
    const gcMillisBetween = async (from, to) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return gcPauses.filter((e) => e.startTime >= from && e.startTime < to).reduce((sum, e) => sum + e.duration, 0);
    };
    // Wall and CPU time (all threads: GC helpers included) per segment.
    const feed = (count, firstStart, step) => {
      let segments = 0;
      const cpu0 = process.cpuUsage();
      const main0 = cpuSeconds(process.pid, process.pid);
      const from = performance.now();
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < count; i++) {
        for (const buf of factory.next(firstStart + i * step)) {
          // Documents: latin1 like daemon-queries.js, a fresh one-byte string as JSON.parse of a request body makes.
          const outcome =
            INPUT === 'datagram'
              ? backend.ingest.receiveDatagram(buf)
              : backend.ingest.receiveDocument(buf.toString('latin1', factory.headerBytes));
          if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
          segments++;
        }
      }
      const cpu = process.cpuUsage(cpu0);
      return {
        wall: Number(process.hrtime.bigint() - t0) / 1e3 / segments,
        cpu: (cpu.user + cpu.system) / segments,
        mainCpu: (1e6 * (cpuSeconds(process.pid, process.pid) - main0)) / segments,
        segments,
        from,
        to: performance.now(),
      };
    };
    const gcMicrosPerSegment = async (phase) => (1e3 * (await gcMillisBetween(phase.from, phase.to))) / phase.segments;
    const step = SPAN / TRACES;
    const load = feed(TRACES, end - SPAN, step);
    const loadGc = await gcMicrosPerSegment(load);
    global.gc();
    global.gc();
    const mem = process.memoryUsage();
    const stored = backend.counters().ingest.stored;
    const churn = feed(CHURN, end, step);
    const churnGc = await gcMicrosPerSegment(churn);
    gcObserver.disconnect();
    // RSS under steady ingest (no forced GC): what garbage not yet collected adds.
    const churnRssMb = process.memoryUsage().rss / 1048576;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    await backend.close();
    const mb = (bytes) => bytes / 1048576;
    return {
      segments: stored.segments,
      heapUsedMb: mb(mem.heapUsed),
      heapTotalMb: mb(mem.heapTotal),
      externalMb: mb(mem.external),
      arrayBuffersMb: mb(mem.arrayBuffers),
      rssMb: mb(mem.rss),
      bytesPerSegment: (mem.heapUsed + mem.external) / stored.segments,
      loadMicros: load.wall,
      loadCpuMicros: load.cpu,
      loadGcMicros: loadGc,
      loadMainCpuMicros: load.mainCpu,
      churnMicros: churn.wall,
      churnCpuMicros: churn.cpu,
      churnGcMicros: churnGc,
      churnMainCpuMicros: churn.mainCpu,
      churnRssMb,
      peakRssMb,
    };
  });
}

if (process.argv[2] === '--sample') {
  sample(process.argv[3]).then((result) => console.log(JSON.stringify(result)));
} else {
  const samples = Object.fromEntries(SOURCES.map(({ name }) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const { name, dir } of SOURCES) {
      const child = spawnSync(process.execPath, ['--expose-gc', __filename, '--sample', dir], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
      const result = JSON.parse(child.stdout.trim().split('\n').pop());
      samples[name].push(result);
      console.error(
        `${name} #${run + 1}: heap ${result.heapUsedMb.toFixed(0)} MB, external ${result.externalMb.toFixed(0)} MB, RSS ${result.rssMb.toFixed(0)} MB, load ${result.loadMicros.toFixed(1)} µs/segment (CPU ${result.loadCpuMicros.toFixed(1)}, main thread ${result.loadMainCpuMicros.toFixed(1)}, GC pauses ${result.loadGcMicros.toFixed(1)}), churn ${result.churnMicros.toFixed(1)} µs/segment (CPU ${result.churnCpuMicros.toFixed(1)}, main thread ${result.churnMainCpuMicros.toFixed(1)}, GC pauses ${result.churnGcMicros.toFixed(1)}), RSS after churn ${result.churnRssMb.toFixed(0)} MB, peak ${result.peakRssMb.toFixed(0)} MB`,
      );
    }
  }
  const med = (name, key) => median(samples[name].map((s) => s[key]));
  console.log(
    `\n${TRACES} traces in-process (${INPUT}s), medians of ${RUNS} (after gc; churn: ${CHURN} more traces, each evicting one)\n`,
  );
  console.log(
    table(
      SOURCES.map(({ name }) => ({
        source: name,
        segments: samples[name][0].segments,
        'heapUsed MB': med(name, 'heapUsedMb').toFixed(0),
        'heapTotal MB': med(name, 'heapTotalMb').toFixed(0),
        'external MB': med(name, 'externalMb').toFixed(0),
        'arrayBuffers MB': med(name, 'arrayBuffersMb').toFixed(0),
        'RSS MB': med(name, 'rssMb').toFixed(0),
        'heap+external B/segment': med(name, 'bytesPerSegment').toFixed(0),
        'load µs/segment': med(name, 'loadMicros').toFixed(1),
        'load CPU µs/segment': med(name, 'loadCpuMicros').toFixed(1),
        'load main-thread CPU µs/segment': med(name, 'loadMainCpuMicros').toFixed(1),
        'load GC pause µs/segment': med(name, 'loadGcMicros').toFixed(1),
        'churn µs/segment': med(name, 'churnMicros').toFixed(1),
        'churn CPU µs/segment': med(name, 'churnCpuMicros').toFixed(1),
        'churn main-thread CPU µs/segment': med(name, 'churnMainCpuMicros').toFixed(1),
        'churn GC pause µs/segment': med(name, 'churnGcMicros').toFixed(1),
        'RSS after churn MB': med(name, 'churnRssMb').toFixed(0),
        'peak RSS MB': med(name, 'peakRssMb').toFixed(0),
      })),
    ),
  );
  console.log(
    `\n${writeResult('ingest-memory', { input: INPUT, traces: TRACES, churnTraces: CHURN, runs: RUNS, sources: SOURCES, samples })}`,
  );
}
