// The targets table `npm run bench` ends with: every target of bench/lib/targets.js against the
// newest result file of the benchmark that measures it (bench/results/<name>.json), met or not,
// with the measured floor where one applies and the date of the run. Runs on its own too:
//
//   node bench/summary.js
const fs = require('node:fs');
const path = require('node:path');
const { TARGETS } = require('./lib/targets');
const { table } = require('./lib/stats');

const RESULTS = path.join(__dirname, 'results');

function readResults() {
  const results = {};
  for (const file of fs.readdirSync(RESULTS).filter((f) => f.endsWith('.json'))) {
    const result = JSON.parse(fs.readFileSync(path.join(RESULTS, file), 'utf8'));
    results[result.name] = result;
  }
  return results;
}

function main() {
  const results = readResults();
  const rows = TARGETS.map((t) => {
    const verdict = t.judge(results);
    if (!verdict) return { what: t.what, target: t.target, figure: 'not measured', met: '-', floor: '', measured: '' };
    return {
      what: t.what,
      target: t.target,
      figure: [verdict.figure, ...verdict.notes].join('; '),
      met: verdict.met ? 'yes' : 'no',
      floor: verdict.floor ?? '',
      measured: verdict.at,
    };
  });
  console.log('\nTargets (bench/lib/targets.js), from the newest results in bench/results/\n');
  console.log(table(rows));
}

main();
