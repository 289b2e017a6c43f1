// The datagram scanner alone, in-process (no sockets, no store): CPU µs per valid segment of
// parseDatagram (header checks, then the validating scanner) on the daemon-ingest documents
// (bench/lib/segment-docs.js, 0.5-4 KB, 4 per trace), beside the old body check (UTF-8 decode,
// JSON.parse, validateSegmentDocument) of the same tree; mode `storm` is parseDatagram on the
// malformed datagrams daemon-storm.js sends (the reliability corpus's families by its weights,
// ~64 KB garbage and 10,000-level nesting included), µs per datagram. BENCH_SCANNER_DATAGRAMS datagrams are made
// first (500: ~640 KB, which stays in the core's cache, as a datagram the kernel just wrote does;
// 20,000 from memory cost ~20% more), then each source tree and mode goes over all of them
// BENCH_SCANNER_PASSES times per round, alternating within the round, after a warm-up. Reported:
// the median µs per datagram and its min-max over BENCH_ROUNDS rounds, and the median (min-max) of
// each round's ratio to the first source. Every source is loaded into this one process (its own
// module instances); the first loaded is favoured by ~5% (one tree loaded twice), so a small
// difference wants a second run with the sources' order reversed.
//
//   node bench/segment-scanner.js
//   BENCH_SOURCES=before=/tmp/old/libs/xray-backend/src,after=libs/xray-backend/src BENCH_ROUNDS=15 node bench/segment-scanner.js
//   BENCH_SCANNER_MODES=scan node --cpu-prof bench/segment-scanner.js   (a profile of the scanner)
//   BENCH_SCANNER_MODES=storm ...   (the malformed datagrams only)
require('./lib/ts-require');
const path = require('node:path');
const { traceFactory } = require('./lib/segment-docs');
const KIT = path.join(__dirname, '../libs/test-kit/src');
const { malformedPicker } = require(path.join(KIT, 'datagram-corpus.ts'));
const { Random } = require(path.join(KIT, 'random.ts'));
const { loadAverageText } = require('./lib/proc-stats');
const { writeResult } = require('./lib/results');
const { median, table } = require('./lib/stats');

const DATAGRAMS = Number(process.env.BENCH_SCANNER_DATAGRAMS || 500);
const PASSES = Number(process.env.BENCH_SCANNER_PASSES || 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 9);
const MODES = (process.env.BENCH_SCANNER_MODES || 'scan,json,storm').split(',');
const SOURCES = (process.env.BENCH_SOURCES || 'current=libs/xray-backend/src').split(',').map((entry) => {
  const [name, dir] = entry.split('=');
  return { name, dir: path.resolve(dir) };
});

const factory = traceFactory({ seed: 7 });
const datagrams = [];
const start = Date.now() / 1000;
while (datagrams.length < DATAGRAMS) datagrams.push(...factory.next(start + datagrams.length * 0.01));
const pick = malformedPicker(new Random(1));
const malformed = [];
while (malformed.length < DATAGRAMS) {
  const d = pick();
  if (d.expect !== 'emsgsize') malformed.push(d.data);
}

const runs = [];
for (const { name, dir } of SOURCES) {
  const { parseDatagram } = require(path.join(dir, 'segments/parse-datagram.ts'));
  const { parseSegmentJson } = require(path.join(dir, 'segments/parse-segment-json.ts'));
  const handlers = {
    scan: { inputs: datagrams, handle: (buf) => parseDatagram(buf).ok },
    json: { inputs: datagrams, handle: (buf) => parseSegmentJson(buf.toString('utf8', buf.indexOf(0x0a) + 1)).ok },
    storm: { inputs: malformed, handle: (buf) => !parseDatagram(buf).ok },
  };
  for (const mode of MODES) {
    if (handlers[mode] === undefined) throw new Error(`mode: one of ${Object.keys(handlers).join(', ')}, not ${mode}`);
    runs.push({ label: `${name} ${mode}`, mode, ...handlers[mode], samples: [] });
  }
}

/** CPU µs per datagram of PASSES passes over every input. */
function pass({ inputs, handle }) {
  const cpu0 = process.cpuUsage();
  for (let n = 0; n < PASSES; n++)
    for (const buf of inputs) if (!handle(buf)) throw new Error('a datagram got the wrong verdict');
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / (PASSES * inputs.length);
}

for (const run of runs) pass(run);
for (let round = 0; round < ROUNDS; round++) for (const run of runs) run.samples.push(pass(run));

// On a shared machine whole rounds run slower or faster together: the ratio to the first source
// in the same round (same mode) moves much less than the times themselves.
const rows = runs.map(({ label, mode, samples }) => {
  const first = runs.find((run) => run.mode === mode).samples;
  const ratios = samples.map((sample, round) => sample / first[round]);
  return {
    run: label,
    'µs/datagram': median(samples).toFixed(2),
    'min-max': `${Math.min(...samples).toFixed(2)}-${Math.max(...samples).toFixed(2)}`,
    'vs first source': `${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)})`,
  };
});
console.log(`${datagrams.length} datagrams x ${PASSES} passes x ${ROUNDS} rounds, ${loadAverageText(1)}`);
console.log(table(rows));
writeResult('segment-scanner', { datagrams: datagrams.length, passes: PASSES, rounds: ROUNDS, rows });
