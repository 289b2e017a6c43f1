// The floor under the daemon's UDP ingest: what one core spends per datagram on Node's UDP
// receive path alone and with only the body check, no store. A receiver process
// (bench/lib/floor-receiver.js) pinned to CPU 0 gets the daemon-ingest.js generator's segments
// (CPU 1) at each of BENCH_RATES for BENCH_SECONDS after a 2 s warm-up; modes alternate within each
// round. Reported: received/s, lost (sent - received), kernel RcvbufErrors, CPU % of the core and
// µs per datagram (utime + stime from /proc). The daemon's own figure (daemon-ingest.js) minus
// these is what storing, the service graph and the collections they cause cost.
//
//   node bench/ingest-floor.js
//   BENCH_RATES=50000 BENCH_SECONDS=30 BENCH_ROUNDS=2 BENCH_FLOOR_MODES=receive,json,scan node bench/ingest-floor.js
//   BENCH_SOURCES=/tmp/old/libs/xray-backend/src node bench/ingest-floor.js   (another tree's parser)
const { spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { generate } = require('./lib/generators');
const { pinned } = require('./lib/processes');
const { cpuSeconds, udpSnmp, loadAverageText } = require('./lib/proc-stats');
const { writeResult } = require('./lib/results');
const { median, table } = require('./lib/stats');

const RATES = (process.env.BENCH_RATES || '50000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 2);
const MODES = (process.env.BENCH_FLOOR_MODES || 'receive,json,scan').split(',');
const SOURCES = path.resolve(process.env.BENCH_SOURCES || path.join(__dirname, '../libs/xray-backend/src'));
const PIN = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function startReceiver(mode) {
  const child = spawn(
    ...pinned(PIN ? '0' : undefined, [
      path.join(__dirname, 'lib/floor-receiver.js'),
      JSON.stringify({ mode, sources: SOURCES }),
    ]),
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = readline.createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  const next = () => new Promise((resolve) => waiting.push(resolve));
  const ask = () => {
    const answer = next();
    child.stdin.write('\n');
    return answer;
  };
  const stop = () => new Promise((resolve) => (child.once('exit', resolve), child.stdin.end()));
  return { pid: child.pid, ready: next(), ask, stop };
}

/** Asks until the count stops moving (the backlog is worked off). */
async function drained(receiver) {
  let last = await receiver.ask();
  for (let i = 0; i < 100; i++) {
    await sleep(150);
    const now = await receiver.ask();
    if (now.datagrams === last.datagrams) return now;
    last = now;
  }
  return last;
}

async function runOnce(mode, rate) {
  const receiver = startReceiver(mode);
  try {
    const { port } = await receiver.ready;
    const cpus = PIN ? '1' : undefined;
    await generate({ port, rate: 5000, seconds: 2, seed: 99, cpus });
    const before = await drained(receiver);
    let cpu0, snmp0, t0;
    const sent = await generate({ port, rate, seconds: SECONDS, cpus }, () => {
      cpu0 = cpuSeconds(receiver.pid);
      snmp0 = udpSnmp();
      t0 = process.hrtime.bigint();
    });
    const after = await drained(receiver);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = cpuSeconds(receiver.pid) - cpu0;
    const received = after.datagrams - before.datagrams;
    return {
      receivedPerSecond: received / sent.seconds,
      sent: sent.sent,
      received,
      accepted: after.accepted - before.accepted,
      lost: sent.sent - received,
      rcvbufErrors: udpSnmp().RcvbufErrors - snmp0.RcvbufErrors,
      cpuPercent: (100 * cpu) / wall,
      cpuMicrosPerDatagram: (1e6 * cpu) / Math.max(1, received),
    };
  } finally {
    await receiver.stop();
  }
}

async function main() {
  const runs = {};
  for (let round = 1; round <= ROUNDS; round++) {
    for (const rate of RATES) {
      for (const mode of MODES) {
        const run = await runOnce(mode, rate);
        (runs[`${mode}@${rate}`] ??= []).push(run);
        console.error(
          `round ${round} ${mode} ${rate}/s: received ${run.receivedPerSecond.toFixed(0)}/s, lost ${run.lost} (RcvbufErrors +${run.rcvbufErrors}), ` +
            `cpu ${run.cpuPercent.toFixed(0)}% (${run.cpuMicrosPerDatagram.toFixed(1)} µs/datagram)`,
        );
      }
    }
  }
  const rows = [];
  for (const rate of RATES) {
    for (const mode of MODES) {
      const list = runs[`${mode}@${rate}`];
      const m = (k) => median(list.map((r) => r[k]));
      const range = (k) =>
        `${Math.min(...list.map((r) => r[k])).toFixed(1)}-${Math.max(...list.map((r) => r[k])).toFixed(1)}`;
      rows.push({
        mode,
        'target/s': rate,
        'received/s': m('receivedPerSecond').toFixed(0),
        'lost (median)': m('lost'),
        RcvbufErrors: m('rcvbufErrors'),
        'cpu % core': m('cpuPercent').toFixed(0),
        'cpu µs/datagram': m('cpuMicrosPerDatagram').toFixed(1),
        'µs min-max': range('cpuMicrosPerDatagram'),
      });
    }
  }
  console.log(`\nIngest floor: ${SECONDS} s per run, medians of ${ROUNDS} rounds, load average ${loadAverageText(1)}`);
  console.log(PIN ? 'Receiver pinned to CPU 0 (one core), generator to CPU 1.\n' : 'Not pinned.\n');
  console.log(table(rows));
  const file = writeResult('ingest-floor', {
    seconds: SECONDS,
    rounds: ROUNDS,
    modes: MODES,
    sources: SOURCES,
    rows,
    runs,
  });
  console.log(`\n${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
