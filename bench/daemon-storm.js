// Daemon under a storm of bad datagrams: the built daemon (pinned to CPU 0, one core) gets
// BENCH_STORM_RATE datagrams/s (default 35,000) for BENCH_SECONDS (default 20) from
// bench/lib/storm-generator.js on CPU 1: the reliability corpus's malformed families by the
// corpus's weights (~64 KB cut-off garbage and up to 10,000-level nesting included), one valid
// segment after every BENCH_VALID_EVERY - 1 (default 100) of them. Reported per run: datagrams
// sent and received, kernel drops (RcvbufErrors, machine-wide, from /proc/net/snmp), valid
// segments sent, accepted (daemon counters) and found stored (each looked up through the daemon's
// BatchGetTraces, /Traces), refusals by reason, daemon CPU (% of a core and µs per datagram), RSS.
// Target: every valid segment stored. Builds side by side as in daemon-ingest.js (BENCH_DAEMONS).
//
//   NX_DAEMON=false NX_NO_CLOUD=true npx nx build xray-daemon
//   node bench/daemon-storm.js
//   BENCH_ROUNDS=2 BENCH_DAEMONS=before=/tmp/old/dist/apps/xray-daemon/main.js,after=xray-daemon node bench/daemon-storm.js
//
// The daemon asks for a 32 MB receive buffer; Linux grants it only up to net.core.rmem_max
// (`sysctl -w net.core.rmem_max=67108864` for the run, then restore): the table shows what it got.
const os = require('node:os');
const { api } = require('./lib/daemon-client');
const { daemonBuilds } = require('./lib/daemon-builds');
const { drained, startDaemon } = require('./lib/daemon-runs');
const { storm } = require('./lib/generators');
const { cpuSeconds, memoryMb, udpSnmp, loadAverageText } = require('./lib/proc-stats');
const { writeResult } = require('./lib/results');
const { median, table } = require('./lib/stats');

const RATE = Number(process.env.BENCH_STORM_RATE || 35000);
const SECONDS = Number(process.env.BENCH_SECONDS || 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 1);
const VALID_EVERY = Number(process.env.BENCH_VALID_EVERY || 100);
const MAX_TRACES = Number(process.env.BENCH_MAX_TRACES || 100000);
const DAEMONS = daemonBuilds();
const PIN = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2;
const DAEMON_CPUS = PIN ? '0' : undefined;
const GENERATOR_CPUS = PIN ? '1' : undefined;
/** BatchGetTraces takes at most 5 trace ids a request. */
const IDS_PER_LOOKUP = 5;

/** How many of the [traceId, id] pairs the daemon serves through /Traces. */
async function storedCount(httpPort, valid) {
  let found = 0;
  for (let i = 0; i < valid.length; i += IDS_PER_LOOKUP) {
    const batch = valid.slice(i, i + IDS_PER_LOOKUP);
    const ids = new Set(batch.map(([, id]) => id));
    const { body } = await api(httpPort, '/Traces', { TraceIds: batch.map(([traceId]) => traceId) });
    for (const trace of body.Traces) for (const segment of trace.Segments) if (ids.has(segment.Id)) found++;
  }
  return found;
}

async function runOnce(daemon, seed) {
  const { app, udpPort, httpPort } = await startDaemon(daemon, { maxTraces: MAX_TRACES, cpus: DAEMON_CPUS });
  try {
    const config = { port: udpPort, rate: RATE, seconds: SECONDS, seed, validEvery: VALID_EVERY };
    const before = await drained(httpPort);
    let cpu0, snmp0, t0;
    const sent = await storm(config, GENERATOR_CPUS, () => {
      cpu0 = cpuSeconds(app.pid);
      snmp0 = udpSnmp();
      t0 = process.hrtime.bigint();
    });
    const after = await drained(httpPort);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = cpuSeconds(app.pid) - cpu0;
    const snmp1 = udpSnmp();
    const mem = memoryMb(app.pid);
    const received = after.udp.datagrams - before.udp.datagrams;
    const rejectedByReason = {};
    for (const [reason, n] of Object.entries(after.ingest.rejectedByReason))
      if (n - (before.ingest.rejectedByReason[reason] ?? 0) > 0)
        rejectedByReason[reason] = n - (before.ingest.rejectedByReason[reason] ?? 0);
    return {
      sentPerSecond: sent.sent / sent.seconds,
      sent: sent.sent,
      sendErrors: sent.errors,
      meanDatagramBytes: sent.bytes / sent.sent,
      received,
      lost: sent.sent - received,
      rcvbufErrors: snmp1.RcvbufErrors - snmp0.RcvbufErrors,
      validSent: sent.valid.length,
      validAccepted: after.ingest.accepted - before.ingest.accepted,
      validStored: await storedCount(httpPort, sent.valid),
      rejected: after.ingest.rejected - before.ingest.rejected,
      rejectedByReason,
      cpuPercent: (100 * cpu) / wall,
      cpuMicrosPerDatagram: (1e6 * cpu) / Math.max(1, received),
      rssMb: mem.rss,
      receiveBufferMb: after.udp.receiveBufferBytes / 1048576,
      handlerErrors: after.udp.handlerErrors,
      families: sent.kinds,
    };
  } finally {
    await app.stop();
  }
}

async function main() {
  const runs = {};
  for (let round = 1; round <= ROUNDS; round++) {
    for (const daemon of DAEMONS) {
      const run = await runOnce(daemon, round);
      (runs[daemon.name] ??= []).push(run);
      console.error(
        `round ${round} ${daemon.name}: sent ${run.sent} (${run.sentPerSecond.toFixed(0)}/s), received ${run.received}, ` +
          `kernel RcvbufErrors +${run.rcvbufErrors}, valid ${run.validStored}/${run.validSent} stored (accepted ${run.validAccepted}), ` +
          `cpu ${run.cpuPercent.toFixed(0)}% (${run.cpuMicrosPerDatagram.toFixed(1)} µs/datagram), rss ${run.rssMb.toFixed(0)} MB`,
      );
    }
  }
  const rows = DAEMONS.map((daemon) => {
    const list = runs[daemon.name];
    const m = (k) => median(list.map((r) => r[k]));
    return {
      daemon: daemon.name,
      'sent/s': m('sentPerSecond').toFixed(0),
      sent: m('sent'),
      received: m('received'),
      'lost %': ((100 * m('lost')) / m('sent')).toFixed(2),
      RcvbufErrors: m('rcvbufErrors'),
      'valid sent': m('validSent'),
      'valid stored': m('validStored'),
      'valid stored (min)': Math.min(...list.map((r) => r.validStored)),
      'SO_RCVBUF MB': m('receiveBufferMb').toFixed(0),
      'cpu % core': m('cpuPercent').toFixed(0),
      'cpu µs/datagram': m('cpuMicrosPerDatagram').toFixed(1),
      'mean bytes': m('meanDatagramBytes').toFixed(0),
      'RSS MB': m('rssMb').toFixed(0),
    };
  });
  console.log(
    `\nDaemon storm: ${RATE} datagrams/s for ${SECONDS} s (malformed corpus families, one valid segment in ${VALID_EVERY}), medians of ${ROUNDS} round(s), load average ${loadAverageText(1)}`,
  );
  console.log(PIN ? 'Daemon pinned to CPU 0 (one core), generator to CPU 1.\n' : 'Not pinned.\n');
  console.log(table(rows));
  const file = writeResult('daemon-storm', {
    rate: RATE,
    seconds: SECONDS,
    rounds: ROUNDS,
    validEvery: VALID_EVERY,
    pinned: PIN,
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
