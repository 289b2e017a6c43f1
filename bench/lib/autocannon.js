// Runs autocannon in its own process (so the load generator does not share an event loop
// with anything measured) and returns its JSON result.
const { execFile } = require('node:child_process');
const path = require('node:path');

const BIN = path.join(__dirname, '../../node_modules/autocannon/autocannon.js');

function autocannon(url, { connections = 50, seconds = 10, headers = {} } = {}) {
  const args = [BIN, '-j', '-c', String(connections), '-d', String(seconds)];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error);
      resolve(JSON.parse(stdout));
    });
  });
}

module.exports = { autocannon };
