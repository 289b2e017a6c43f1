// OTLP ingest next to UDP ingest: the built daemon fed the same traces (bench/lib/segment-docs.js)
// as UDP segment documents (at a fixed rate, as bench/daemon-ingest.js does) and as OpenTelemetry
// spans over OTLP/HTTP, protobuf and JSON (closed loop: `BENCH_OTLP_IN_FLIGHT` requests of
// `BENCH_OTLP_BATCH` spans in flight, as fast as the daemon answers: what one core sustains).
// Daemon CPU comes from /proc; one X-Ray segment here carries ~2.7 spans (a segment and its
// subsegments), so the table gives CPU µs per segment and per span side by side.
// On 2+ CPUs the daemon is pinned to CPU 0 and the generators to CPU 1 (BENCH_PIN=0 turns that off).
//
//   node bench/otlp-ingest.js
//   BENCH_SECONDS=5 BENCH_ROUNDS=1 BENCH_UDP_RATE=20000 node bench/otlp-ingest.js
//   BENCH_DAEMONS=before=/tmp/old/main.js,after=xray-daemon BENCH_MODES=udp,json node bench/otlp-ingest.js
//   BENCH_PROFILE=1 BENCH_MODES=json ...   (daemon runs with --cpu-prof; profiles in bench/results/profiles/)
// Modes and daemon builds (bench/lib/daemon-builds.js) alternate within each round.
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { spawn } = require('node:child_process');
const { daemonBuilds } = require('./lib/daemon-builds');
const { counters } = require('./lib/daemon-client');
const { generate } = require('./lib/generators');
const { cpuSeconds, memoryMb, loadAverageText } = require('./lib/proc-stats');
const { freePort, pinned, startApp } = require('./lib/processes');
const { writeResult } = require('./lib/results');
const { traceFactory } = require('./lib/segment-docs');
const { median, table } = require('./lib/stats');

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const UDP_RATE = Number(process.env.BENCH_UDP_RATE || 20000);
const BATCH = Number(process.env.BENCH_OTLP_BATCH || 512);
const IN_FLIGHT = Number(process.env.BENCH_OTLP_IN_FLIGHT || 4);
const MAX_TRACES = Number(process.env.BENCH_MAX_TRACES || 100000);
const WARMUP_SECONDS = 2;
const MODES = (process.env.BENCH_MODES || 'udp,protobuf,json').split(',');
const DAEMONS = daemonBuilds();
const PIN = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2;
const DAEMON_CPUS = PIN ? '0' : undefined;
const GENERATOR_CPUS = PIN ? '1' : undefined;
const GENERATOR = path.join(__dirname, 'lib', 'otlp-generator.js');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Entities (segment + nested subsegments) per UDP segment document of the generator's mix. */
function spansPerSegment() {
  const factory = traceFactory({ seed: 1 });
  const count = (e) => 1 + (e.subsegments ?? []).reduce((n, s) => n + count(s), 0);
  let segments = 0;
  let spans = 0;
  for (let i = 0; i < 2000; i++) {
    for (const datagram of factory.next(Date.now() / 1000)) {
      segments++;
      spans += count(JSON.parse(datagram.toString('utf8', factory.headerBytes)));
    }
  }
  return spans / segments;
}

/** Runs otlp-generator.js once: ready, go (`onGo`, if given, runs right before), result. */
function otlpGenerate(config, onGo) {
  return new Promise((resolve, reject) => {
    const child = spawn(...pinned(GENERATOR_CPUS, [GENERATOR, JSON.stringify(config)]), {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const message = JSON.parse(line);
      if (message.ready) {
        onGo?.();
        child.stdin.write('go\n');
      } else resolve(message);
    });
    child.once('exit', (code) => code !== 0 && reject(new Error(`otlp-generator exited ${code}`)));
  });
}

/** Waits until the daemon's counters stop moving (its backlog is processed). */
async function drained(httpPort) {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const c = await counters(httpPort);
    const now = c.ingest.received;
    if (now === last) return c;
    last = now;
    await sleep(150);
  }
  return counters(httpPort);
}

async function runOnce(daemon, mode, perSegment) {
  const [udpPort, httpPort, otlpPort] = [await freePort(), await freePort(), await freePort()];
  const app = await startApp(
    daemon.main,
    httpPort,
    {
      XRAY_DAEMON_BIND: `127.0.0.1:${udpPort}`,
      XRAY_DAEMON_BIND_TCP: `127.0.0.1:${httpPort}`,
      XRAY_DAEMON_OTLP: `127.0.0.1:${otlpPort}`,
      XRAY_DAEMON_MAX_TRACES: String(MAX_TRACES),
      ...daemon.env,
    },
    daemon.nodeArgs,
    { node: daemon.node, cpus: DAEMON_CPUS },
  );
  try {
    let cpu0, t0;
    const mark = () => {
      cpu0 = cpuSeconds(app.pid);
      t0 = process.hrtime.bigint();
    };
    if (mode === 'udp') {
      await generate({ port: udpPort, rate: 5000, seconds: WARMUP_SECONDS, seed: 99, burst: 64, cpus: GENERATOR_CPUS });
      const before = await drained(httpPort);
      const sent = await generate({ port: udpPort, rate: UDP_RATE, seconds: SECONDS, cpus: GENERATOR_CPUS }, mark);
      const after = await drained(httpPort);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = cpuSeconds(app.pid) - cpu0;
      const segments = after.ingest.accepted - before.ingest.accepted;
      return {
        unitsPerSecond: segments / sent.seconds,
        spansPerSecond: (segments * perSegment) / sent.seconds,
        cpuPercent: (100 * cpu) / wall,
        cpuMicrosPerUnit: (1e6 * cpu) / Math.max(1, segments),
        cpuMicrosPerSpan: (1e6 * cpu) / Math.max(1, segments * perSegment),
        lost: sent.sent - (after.udp.datagrams - before.udp.datagrams),
        rejected: after.ingest.rejected - before.ingest.rejected,
        meanBodyBytes: sent.bytes / sent.sent,
        rssMb: memoryMb(app.pid).rss,
      };
    }
    await otlpGenerate({
      port: otlpPort,
      encoding: mode,
      seconds: WARMUP_SECONDS,
      batch: BATCH,
      inFlight: IN_FLIGHT,
      seed: 99,
    });
    const before = await drained(httpPort);
    const sent = await otlpGenerate(
      { port: otlpPort, encoding: mode, seconds: SECONDS, batch: BATCH, inFlight: IN_FLIGHT },
      mark,
    );
    const after = await drained(httpPort);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = cpuSeconds(app.pid) - cpu0;
    const spans = after.otlp.spans.accepted - before.otlp.spans.accepted;
    return {
      unitsPerSecond: sent.requests / sent.seconds,
      spansPerSecond: spans / sent.seconds,
      cpuPercent: (100 * cpu) / wall,
      cpuMicrosPerUnit: (1e6 * cpu) / Math.max(1, sent.requests),
      cpuMicrosPerSpan: (1e6 * cpu) / Math.max(1, spans),
      lost: sent.errors,
      rejected: after.otlp.spans.rejected - before.otlp.spans.rejected + sent.rejected,
      meanBodyBytes: sent.bytes / Math.max(1, sent.requests),
      rssMb: memoryMb(app.pid).rss,
    };
  } finally {
    await app.stop();
  }
}

async function main() {
  const perSegment = spansPerSegment();
  const runs = {};
  for (let round = 1; round <= ROUNDS; round++) {
    for (const mode of MODES) {
      for (const daemon of DAEMONS) {
        const run = await runOnce(daemon, mode, perSegment);
        (runs[`${daemon.name}@${mode}`] ??= []).push(run);
        console.error(
          `round ${round} ${daemon.name} ${mode}: ${run.spansPerSecond.toFixed(0)} spans/s, cpu ${run.cpuPercent.toFixed(0)}% (${run.cpuMicrosPerSpan.toFixed(1)} µs/span), rejected ${run.rejected}, lost ${run.lost}`,
        );
      }
    }
  }
  const range = (list, k, digits) => {
    const values = list.map((r) => r[k]);
    return `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;
  };
  const rows = MODES.flatMap((mode) =>
    DAEMONS.map((daemon) => {
      const list = runs[`${daemon.name}@${mode}`];
      const m = (k) => median(list.map((r) => r[k]));
      return {
        daemon: daemon.name,
        input:
          mode === 'udp'
            ? `UDP segments at ${UDP_RATE}/s`
            : `OTLP ${mode}, ${BATCH}+ spans a request, ${IN_FLIGHT} in flight`,
        'segments or requests/s': m('unitsPerSecond').toFixed(0),
        'spans/s': m('spansPerSecond').toFixed(0),
        'cpu % core': m('cpuPercent').toFixed(0),
        'cpu µs/segment or request': m('cpuMicrosPerUnit').toFixed(1),
        'min-max ': range(list, 'cpuMicrosPerUnit', 1),
        'cpu µs/span': m('cpuMicrosPerSpan').toFixed(1),
        'min-max': range(list, 'cpuMicrosPerSpan', 1),
        'mean body bytes': m('meanBodyBytes').toFixed(0),
        rejected: m('rejected'),
        'lost / errors': m('lost'),
        'RSS MB': m('rssMb').toFixed(0),
      };
    }),
  );
  console.log(
    `\nOTLP ingest next to UDP ingest: ${SECONDS} s per run, medians of ${ROUNDS} rounds, --max-traces ${MAX_TRACES}; ${perSegment.toFixed(2)} spans per UDP segment`,
  );
  console.log(PIN ? 'Daemon pinned to CPU 0 (one core), generators to CPU 1.' : 'Not pinned.');
  console.log(`Load average at the end (1, 5, 15 min): ${loadAverageText(2)}\n`);
  console.log(table(rows));
  const file = writeResult('otlp-ingest', {
    pinned: PIN,
    seconds: SECONDS,
    rounds: ROUNDS,
    udpRate: UDP_RATE,
    batch: BATCH,
    inFlight: IN_FLIGHT,
    spansPerSegment: perSegment,
    daemons: DAEMONS,
    loadAverage: os.loadavg(),
    rows,
    runs,
  });
  console.log(`\n${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
