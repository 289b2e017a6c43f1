// `npm run bench`: every benchmark in turn, each printing its table and writing bench/results/<name>.json.
// Run one alone with `node bench/<name>.js`. Not part of `npm test`: these take minutes and need a quiet machine.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const { BENCH_SETTINGS } = require('./lib/targets');

const BENCHMARKS = [
  'segment-model.js',
  'tracing-overhead.js',
  'tracing-floor.js',
  'ingest-floor.js',
  'daemon-ingest.js',
  'daemon-storm.js',
  'otlp-ingest.js',
  'daemon-queries.js',
];
const only = process.argv.slice(2);

let failed = 0;
for (const file of BENCHMARKS) {
  if (only.length > 0 && !only.some((name) => file.startsWith(name))) continue;
  console.log(`\n=== ${file}`);
  // The targets' settings (rounds, rates, seconds) unless the caller set them.
  const env = { ...BENCH_SETTINGS[file], ...process.env };
  const result = spawnSync(process.execPath, [path.join(__dirname, file)], { stdio: 'inherit', env });
  if (result.status !== 0) failed++;
}
spawnSync(process.execPath, [path.join(__dirname, 'summary.js')], { stdio: 'inherit' });
process.exit(failed ? 1 : 0);
