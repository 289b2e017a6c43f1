// Runs autocannon in its own process (so the load generator does not share an event loop
// with anything measured) and returns its JSON result.
const { execFile } = require('node:child_process');
const path = require('node:path');
const { pinned } = require('./processes');

const BIN = path.join(__dirname, '../../node_modules/autocannon/autocannon.js');

/** `cpus`: a taskset CPU list to run the load generator on (see processes.js `pinned`). */
function autocannon(url, { connections = 50, seconds = 10, headers = {}, cpus } = {}) {
  const args = [BIN, '-j', '-c', String(connections), '-d', String(seconds)];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  const [file, fileArgs] = pinned(cpus, args);
  return new Promise((resolve, reject) => {
    execFile(file, fileArgs, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error);
      resolve(JSON.parse(stdout));
    });
  });
}

module.exports = { autocannon };
