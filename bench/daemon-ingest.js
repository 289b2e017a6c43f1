// Daemon ingest: UDP segments at fixed rates into the built daemon (parse, store, service graph).
// The generator runs in its own process; daemon CPU and RSS come from /proc, kernel drops from
// /proc/net/snmp (RcvbufErrors, machine-wide). Each run starts a fresh daemon, warms it up, then
// sends for BENCH_SECONDS. Rates (and daemon builds, if several) alternate within each round.
// On 2+ CPUs the daemon (all its threads, GC helpers included) is pinned to CPU 0 and the
// generators to CPU 1 (BENCH_PIN=0 turns that off): "on one core" is then what the daemon gets.
//
//   node bench/daemon-ingest.js
//   BENCH_RATES=10000,25000,50000 BENCH_SECONDS=10 BENCH_ROUNDS=3 node bench/daemon-ingest.js
//   BENCH_DAEMONS=before=/tmp/old/main.js,after=dist/apps/xray-daemon/main.js node bench/daemon-ingest.js
//   BENCH_DAEMONS='default=xray-daemon,semi64=xray-daemon --max-semi-space-size=64' ...   (node flags per daemon)
//   BENCH_DAEMONS='node20=xray-daemon,node24=xray-daemon node=/tmp/node24/bin/node' ...     (another Node binary)
//   BENCH_DAEMONS='buf4=xray-daemon XRAY_DAEMON_RECEIVE_BUFFER=4,buf32=xray-daemon XRAY_DAEMON_RECEIVE_BUFFER=32' ...   (daemon settings)
//   BENCH_PROFILE=1 ...   (daemon runs with --cpu-prof; profiles land in bench/results/profiles/)
const os = require('node:os');
const { daemonBuilds } = require('./lib/daemon-builds');
const { drained, startDaemon } = require('./lib/daemon-runs');
const { generate } = require('./lib/generators');
const { cpuSeconds, memoryMb, udpSnmp } = require('./lib/proc-stats');
const { writeResult } = require('./lib/results');
const { median, table } = require('./lib/stats');

const RATES = (process.env.BENCH_RATES || '10000,25000,50000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const MAX_TRACES = Number(process.env.BENCH_MAX_TRACES || 100000);
const GENERATORS = Number(process.env.BENCH_GENERATORS || 1);
const WARMUP_RATE = 5000;
const WARMUP_SECONDS = 2;
const DAEMONS = daemonBuilds();
const PIN = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2;
const DAEMON_CPUS = PIN ? '0' : undefined;
const GENERATOR_CPUS = PIN ? '1' : undefined;

async function runOnce(daemon, rate) {
  const { app, udpPort, httpPort } = await startDaemon(daemon, { maxTraces: MAX_TRACES, cpus: DAEMON_CPUS });
  try {
    await generate({
      port: udpPort,
      rate: WARMUP_RATE,
      seconds: WARMUP_SECONDS,
      processes: 1,
      seed: 99,
      burst: 64,
      cpus: GENERATOR_CPUS,
    });
    const before = await drained(httpPort);
    let cpu0, snmp0, t0;
    const sent = await generate(
      { port: udpPort, rate, seconds: SECONDS, processes: GENERATORS, cpus: GENERATOR_CPUS },
      () => {
        cpu0 = cpuSeconds(app.pid);
        snmp0 = udpSnmp();
        t0 = process.hrtime.bigint();
      },
    );
    const after = await drained(httpPort);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = cpuSeconds(app.pid) - cpu0;
    const snmp1 = udpSnmp();
    const mem = memoryMb(app.pid);
    const received = after.udp.datagrams - before.udp.datagrams;
    const accepted = after.ingest.accepted - before.ingest.accepted;
    return {
      sentPerSecond: sent.sent / sent.seconds,
      acceptedPerSecond: accepted / sent.seconds,
      sent: sent.sent,
      received,
      accepted,
      lost: sent.sent - received,
      rcvbufErrors: snmp1.RcvbufErrors - snmp0.RcvbufErrors,
      cpuPercent: (100 * cpu) / wall,
      cpuMicrosPerSegment: (1e6 * cpu) / Math.max(1, received),
      rssMb: mem.rss,
      peakRssMb: mem.peakRss,
      storedTraces: after.ingest.stored.traces,
      rejected: after.ingest.rejected - before.ingest.rejected,
      handlerErrors: after.udp.handlerErrors,
      meanDatagramBytes: sent.bytes / sent.sent,
      // As the kernel reports SO_RCVBUF (Linux: double the bytes it granted).
      receiveBufferMb: after.udp.receiveBufferBytes / 1048576,
    };
  } finally {
    await app.stop();
  }
}

async function main() {
  const runs = {};
  for (let round = 1; round <= ROUNDS; round++) {
    for (const rate of RATES) {
      for (const daemon of DAEMONS) {
        const key = `${daemon.name}@${rate}`;
        const run = await runOnce(daemon, rate);
        (runs[key] ??= []).push(run);
        console.error(
          `round ${round} ${daemon.name} ${rate}/s: sent ${run.sentPerSecond.toFixed(0)}/s, accepted ${run.acceptedPerSecond.toFixed(0)}/s, ` +
            `lost ${run.lost} (kernel RcvbufErrors +${run.rcvbufErrors}), cpu ${run.cpuPercent.toFixed(0)}% (${run.cpuMicrosPerSegment.toFixed(1)} µs/segment), rss ${run.rssMb.toFixed(0)} MB`,
        );
      }
    }
  }
  const rows = [];
  for (const rate of RATES) {
    for (const daemon of DAEMONS) {
      const list = runs[`${daemon.name}@${rate}`];
      const m = (k) => median(list.map((r) => r[k]));
      rows.push({
        daemon: daemon.name,
        'target/s': rate,
        'sent/s': m('sentPerSecond').toFixed(0),
        'accepted/s': m('acceptedPerSecond').toFixed(0),
        'lost (median)': m('lost'),
        'lost %': ((100 * m('lost')) / m('sent')).toFixed(2),
        'lost (max)': Math.max(...list.map((r) => r.lost)),
        RcvbufErrors: m('rcvbufErrors'),
        'SO_RCVBUF MB': m('receiveBufferMb').toFixed(0),
        'cpu % core': m('cpuPercent').toFixed(0),
        'cpu µs/segment': m('cpuMicrosPerSegment').toFixed(1),
        'RSS MB': m('rssMb').toFixed(0),
        'peak RSS MB': m('peakRssMb').toFixed(0),
      });
    }
  }
  console.log(
    `\nDaemon ingest: ${SECONDS} s per run, medians of ${ROUNDS} rounds, --max-traces ${MAX_TRACES}, ${GENERATORS} generator process(es)`,
  );
  console.log(PIN ? 'Daemon pinned to CPU 0 (one core), generators to CPU 1.\n' : 'Not pinned.\n');
  console.log(table(rows));
  const file = writeResult('daemon-ingest', {
    pinned: PIN,
    seconds: SECONDS,
    rounds: ROUNDS,
    maxTraces: MAX_TRACES,
    generators: GENERATORS,
    daemons: DAEMONS,
    rows,
    runs,
  });
  console.log(`\n${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
