// Bytes the datagram path allocates per segment, in-process (no sockets): V8's sampling heap
// profiler, counting objects that young and full collections already freed, while
// BENCH_ALLOC_TRACES more traces of the daemon-ingest documents go through
// SegmentIngest.receiveDatagram into a store holding BENCH_ALLOC_HELD traces (each new one evicts
// the oldest). Reports bytes per segment in all and the BENCH_ALLOC_TOP functions that allocate most. Allocation
// is what makes young collections run and, unlike CPU time, barely moves on a busy machine, so
// it shows a change's garbage where timings cannot. Each source runs in a fresh process.
//
//   node bench/ingest-allocation.js
//   BENCH_SOURCES=before=/tmp/old/libs/xray-backend/src,after=libs/xray-backend/src node bench/ingest-allocation.js
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { writeResult } = require('./lib/results');
const { table } = require('./lib/stats');

const HELD = Number(process.env.BENCH_ALLOC_HELD || 20000);
const TRACES = Number(process.env.BENCH_ALLOC_TRACES || 20000);
const TOP = Number(process.env.BENCH_ALLOC_TOP || 12);
const SOURCES = (process.env.BENCH_SOURCES || 'current=libs/xray-backend/src').split(',').map((entry) => {
  const [name, dir] = entry.split('=');
  return { name, dir: path.resolve(dir) };
});

async function sample(dir) {
  require('./lib/ts-require');
  const inspector = require('node:inspector');
  const { traceFactory } = require('./lib/segment-docs');
  const { XRayBackend } = require(path.join(dir, 'index.ts'));
  const { backend } = await XRayBackend.open({ maxTraces: HELD, maxAgeSeconds: 100000 });
  const factory = traceFactory({ seed: 7 });
  const end = Date.now() / 1000;
  const step = 0.05;
  for (let i = 0; i < HELD; i++)
    for (const buf of factory.next(end - HELD * step + i * step)) backend.ingest.receiveDatagram(buf);
  // The datagrams are made before profiling: the generator's own allocation is not counted.
  const datagrams = [];
  for (let i = 0; i < TRACES; i++) datagrams.push(...factory.next(end + i * step));
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', {
    samplingInterval: 256,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  for (const buf of datagrams) {
    const outcome = backend.ingest.receiveDatagram(buf);
    if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
  }
  const { profile } = await post('HeapProfiler.stopSampling');
  await backend.close();
  const bySite = new Map();
  let total = 0;
  const walk = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    if (node.selfSize > 0) {
      const site = `${functionName || '(anonymous)'} ${path.basename(url) || '(native)'}:${lineNumber + 1}`;
      bySite.set(site, (bySite.get(site) || 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  const perSegment = (bytes) => bytes / datagrams.length;
  return {
    segments: datagrams.length,
    bytesPerSegment: perSegment(total),
    top: [...bySite]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([site, bytes]) => ({ site, bytesPerSegment: perSegment(bytes) })),
  };
}

if (process.argv[2] === '--sample') {
  sample(process.argv[3]).then((result) => console.log(JSON.stringify(result)));
} else {
  const results = {};
  for (const { name, dir } of SOURCES) {
    const child = spawnSync(process.execPath, [__filename, '--sample', dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
    results[name] = JSON.parse(child.stdout.trim().split('\n').pop());
  }
  console.log(
    `\nBytes allocated per segment, datagram path, ${HELD} traces held, ${TRACES} more traces (sampled every 256 B)\n`,
  );
  console.log(
    table(
      SOURCES.map(({ name }) => ({
        source: name,
        segments: results[name].segments,
        'bytes/segment': results[name].bytesPerSegment.toFixed(0),
      })),
    ),
  );
  for (const { name } of SOURCES) {
    console.log(`\n${name}: most allocating functions\n`);
    console.log(
      table(
        results[name].top.map(({ site, bytesPerSegment }) => ({
          'bytes/segment': bytesPerSegment.toFixed(0),
          function: site,
        })),
      ),
    );
  }
  console.log(`\n${writeResult('ingest-allocation', { held: HELD, traces: TRACES, sources: SOURCES, results })}`);
}
