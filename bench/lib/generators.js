// Starting udp-generator.js processes and driving them: all ready, then all go at once.
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { pinned } = require('./processes');

const SCRIPT = path.join(__dirname, 'udp-generator.js');

function startGenerator(config, cpus, script = SCRIPT) {
  const child = spawn(...pinned(cpus, [script, JSON.stringify(config)]), { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout });
  const messages = [];
  let waiting;
  lines.on('line', (line) => {
    const message = JSON.parse(line);
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(message);
    } else messages.push(message);
  });
  const next = () => (messages.length > 0 ? Promise.resolve(messages.shift()) : new Promise((r) => (waiting = r)));
  return {
    pid: child.pid,
    next,
    go: () => child.stdin.write('go\n'),
    exited: new Promise((r) => child.once('exit', r)),
  };
}

/**
 * Sends `rate` segments/s for `seconds` to 127.0.0.1:port from `processes` generators (rate
 * split evenly). `onGo` runs right before the start signal (take "before" snapshots there).
 * Resolves with the summed {sent, errors, seconds, bytes}. `cpus`: a taskset CPU list for the generators.
 */
async function generate({ port, rate, seconds, processes = 1, seed = 1, burst, cpus }, onGo) {
  const generators = [];
  for (let i = 0; i < processes; i++)
    generators.push(startGenerator({ port, rate: rate / processes, seconds, seed: seed + i, stream: i, burst }, cpus));
  for (const g of generators) await g.next(); // ready
  onGo?.();
  for (const g of generators) g.go();
  const results = await Promise.all(generators.map((g) => g.next()));
  await Promise.all(generators.map((g) => g.exited));
  return results.reduce(
    (sum, r) => ({
      sent: sum.sent + r.sent,
      errors: sum.errors + r.errors,
      seconds: Math.max(sum.seconds, r.seconds),
      bytes: sum.bytes + r.bytes,
    }),
    { sent: 0, errors: 0, seconds: 0, bytes: 0 },
  );
}

/**
 * One storm-generator.js process (the reliability corpus's malformed datagrams with valid segments
 * interleaved, see there): resolves with its result line. `onGo` as for {@link generate}.
 */
async function storm(config, cpus, onGo) {
  const generator = startGenerator(config, cpus, path.join(__dirname, 'storm-generator.js'));
  await generator.next(); // ready
  onGo?.();
  generator.go();
  const result = await generator.next();
  await generator.exited;
  return result;
}

module.exports = { generate, storm };
