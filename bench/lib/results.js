const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Writes a benchmark's result as JSON into bench/results/<name>.json. */
function writeResult(name, result) {
  const file = path.join(__dirname, '..', 'results', `${name}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      { name, at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, ...result },
      null,
      2,
    ),
  );
  return file;
}

module.exports = { writeResult };
