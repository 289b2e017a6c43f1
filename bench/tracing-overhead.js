// Tracing overhead on the full path gateway -> activities (TCP), GET /api/activities/home.
// Modes run side by side, alternating, several rounds; medians of per-round ratios to "off". Each
// mode's services start once and stay up for the whole run; the rounds alternate only the load.
// On 2+ CPUs the measured services run on CPU 0 and everything else (autocannon, the latency
// probe, this process with the UDP sink) on CPU 1 (BENCH_PIN=0 turns that off): unpinned, the load
// generator competes with the services for the same cores and the ratios measure the scheduler.
//
//   BENCH_ROUNDS=5 node bench/tracing-overhead.js                 # every mode (bench/lib/tracing-modes.js)
//   BENCH_MODES='off;on, 0% sampled;on, Cruddur rule;on, 100% sampled;peer: OpenTelemetry JS, 100%;peer: OpenTelemetry JS, 0%'
//   BENCH_BUILDS=before=/tmp/before/dist/apps,after=dist/apps    # two builds side by side, alternating
//   BENCH_TOGETHER=0                                              # skip the latency phase at 250 req/s
//   BENCH_PAIRED=0                                                # skip the paired saturated phase
//
// With BENCH_BUILDS every mode runs once per build in each round, and each build's ratios are to
// its own "off" of the same round: ratios drift between runs on a busy machine, so a change is
// compared with what it replaces in one run. Modes with our tracing off (the peers, "off +
// AsyncLocalStorage on", "off + propagation by hand") do not depend on our code and run once per round, with the last build,
// against its "off".
// Paired: each round also loads every mode and "off" at the same time, both saturated, both on
// CPU 0. The shared machine's slow and fast minutes then weigh on both sides of a ratio alike:
// solo rounds of the same mode spread by 0.17-0.34 in ratio here, paired ones by 0.04-0.11. The
// two stacks share one core, so a request costs more than solo and the ratios differ from solo.
// Settings: BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_LATENCY_RATE, BENCH_SERVICE_NODE, BENCH_PIN.
const { execFile, execFileSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { autocannon } = require('./lib/autocannon');
const { DIST, freePort, pinned, startApp } = require('./lib/processes');
const { median, table } = require('./lib/stats');
const { writeResult } = require('./lib/results');
const { cpuSeconds, loadAverageText } = require('./lib/proc-stats');
const { MODES, selectedModes } = require('./lib/tracing-modes');
const { startTraceSinks, sentBetween } = require('./lib/trace-sinks');

const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
// Latency is measured separately at a fixed, moderate rate: at saturation it is mostly queueing.
const LATENCY_RATE = Number(process.env.BENCH_LATENCY_RATE || 250);
const PROBE = path.join(__dirname, 'lib/latency-probe.js');
const PIN = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2;
const SERVICE_CPUS = PIN ? '0' : undefined;
const LOAD_CPUS = PIN ? '1' : undefined;
// BENCH_SERVICE_NODE=/path/to/node runs the services on another Node (e.g. one whose
// AsyncLocalStorage is built on AsyncContextFrame); the load tools stay on this one.
const SERVICE_NODE = process.env.BENCH_SERVICE_NODE || process.execPath;
const TOGETHER = process.env.BENCH_TOGETHER !== '0';
const PAIRED = process.env.BENCH_PAIRED !== '0';
// name=dir of built apps (dir/gateway/main.js, dir/activities/main.js), comma-separated.
const BUILDS = (process.env.BENCH_BUILDS || `current=${DIST}`).split(',').map((entry) => {
  const [name, dir] = entry.trim().split('=');
  if (!name || !dir) throw new Error(`BENCH_BUILDS entry "${entry}" is not name=dir`);
  return { name, dir: path.resolve(dir) };
});
// Modes with our tracing off other than "off" itself (the peers, AsyncLocalStorage alone) do not
// depend on our build: with several builds they run once per round.
const isPeer = (mode) => mode !== 'off' && MODES[mode].env.AWS_XRAY_SDK_ENABLED === 'false';

function latencyProbe(url, headers = {}) {
  return new Promise((resolve, reject) =>
    execFile(
      ...pinned(LOAD_CPUS, [PROBE, url, String(LATENCY_RATE), String(SECONDS), JSON.stringify(headers)]),
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))),
    ),
  );
}

/** Starts gateway + activities of `build` in `mode`, exporting to their own counting sinks. */
async function startStack(build, mode) {
  const sinks = await startTraceSinks();
  const [gatewayPort, activitiesPort, notificationsPort] = [await freePort(), await freePort(), await freePort()];
  const common = {
    ...sinks.env,
    ACTIVITIES_PORT: String(activitiesPort),
    NOTIFICATIONS_PORT: String(notificationsPort),
  };
  const pin = { cpus: SERVICE_CPUS, node: SERVICE_NODE };
  const activities = await startApp(
    path.join(build.dir, 'activities/main.js'),
    activitiesPort,
    { ...common, ...mode.env, ...mode.activitiesEnv, PORT: String(activitiesPort) },
    mode.activitiesArgs,
    pin,
  ).catch(async (error) => {
    await sinks.close();
    throw error;
  });
  // A gateway that never listens ends the run: stop the activities it would have called, or the
  // process outlives the bench.
  const gateway = await startApp(
    path.join(build.dir, 'gateway/main.js'),
    gatewayPort,
    { ...common, ...mode.env, PORT: String(gatewayPort) },
    mode.gatewayArgs,
    pin,
  ).catch(async (error) => {
    await Promise.all([activities.stop(), sinks.close()]);
    throw error;
  });
  return {
    url: `http://127.0.0.1:${gatewayPort}/api/activities/home`,
    headers: mode.headers,
    sinks,
    // CPU of gateway + activities: per request, steadier than req/s on a shared machine.
    cpu: () => cpuSeconds(gateway.pid) + cpuSeconds(activities.pid),
    stop: async () => {
      await Promise.all([gateway.stop(), activities.stop()]); // a batching exporter flushes on exit
      await sinks.close();
    },
  };
}

/** As many requests as a running stack serves for `seconds` (autocannon -c CONNECTIONS). */
async function saturated(name, stack, seconds, connections = CONNECTIONS) {
  const cpuBefore = stack.cpu();
  const sentBefore = stack.sinks.counts();
  const result = await autocannon(stack.url, {
    connections,
    seconds,
    headers: stack.headers,
    cpus: LOAD_CPUS,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const cpuUs = ((stack.cpu() - cpuBefore) / result.requests.total) * 1e6;
  const sentAfter = stack.sinks.counts();
  return {
    rps: result.requests.average,
    cpuUs,
    sent: sentBetween(sentBefore, sentAfter),
    // For the targets' floor: the share of requests whose segments were exported.
    requests: result.requests.total,
    datagrams: sentAfter.datagrams - sentBefore.datagrams,
  };
}

/** "off" and the mode saturated at the same time, half the connections each: CPU µs per request of both. */
async function pairedSaturated(label, offStack, stack) {
  const half = Math.ceil(CONNECTIONS / 2);
  const [off, mode] = await Promise.all([
    saturated(`${label}, paired: off`, offStack, SECONDS, half),
    saturated(`${label}, paired`, stack, SECONDS, half),
  ]);
  return { off: off.cpuUs, mode: mode.cpuUs };
}

/** "N failed: n kind, ..." over latency-probe sides ({latency}), or "" when none failed. */
function probeFailures(sides) {
  const kinds = {};
  let count = 0;
  for (const { latency } of sides)
    for (const [kind, n] of Object.entries(latency.failures ?? {})) {
      kinds[kind] = (kinds[kind] ?? 0) + n;
      count += n;
    }
  if (count === 0) return '';
  return `${count} failed: ${Object.entries(kinds)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ')}`;
}

/**
 * "off" and `mode` at the same time, each at LATENCY_RATE: latency percentiles and CPU per request
 * of both from the same seconds, so the machine's other load weighs on both alike.
 */
async function simultaneous(build, mode) {
  const stacks = [await startStack(build, MODES.off), await startStack(build, mode)];
  const headers = [MODES.off.headers, mode.headers];
  try {
    await Promise.all(
      stacks.map((s, i) => autocannon(s.url, { connections: 10, seconds: 2, headers: headers[i], cpus: LOAD_CPUS })),
    ); // warm-up
    const cpuBefore = stacks.map((s) => s.cpu());
    const latency = await Promise.all(stacks.map((s, i) => latencyProbe(s.url, headers[i])));
    const cpuUs = stacks.map((s, i) => ((s.cpu() - cpuBefore[i]) / latency[i].count) * 1e6);
    // Failed requests are counted and shown with the latencies, not fatal: on a busy machine one
    // failed request would otherwise throw away every round measured so far.
    return { off: { latency: latency[0], cpuUs: cpuUs[0] }, mode: { latency: latency[1], cpuUs: cpuUs[1] } };
  } finally {
    await Promise.all(stacks.map((s) => s.stop()));
  }
}

/** Each (build, mode) to run per round, in order; modes with ours off once, with the last build. */
function variants(names) {
  const list = [];
  for (const build of BUILDS)
    for (const mode of names.filter((m) => !isPeer(m)))
      list.push({ label: BUILDS.length > 1 ? `${build.name} | ${mode}` : mode, build, mode });
  const last = BUILDS[BUILDS.length - 1];
  for (const mode of names.filter(isPeer)) list.push({ label: mode, build: last, mode });
  // Every ratio is to "off" of the same build (a peer's: the last build's).
  for (const v of list) v.off = list.find((o) => o.build === v.build && o.mode === 'off');
  return list;
}

const spread = (values, digits) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)})`;

async function main() {
  if (PIN) execFileSync('taskset', ['-a', '-p', '-c', LOAD_CPUS, String(process.pid)], { stdio: 'ignore' });
  const names = selectedModes();
  if (names[0] !== 'off') throw new Error('BENCH_MODES must start with "off": every ratio is to it');
  const list = variants(names);
  const runs = Object.fromEntries(list.map((v) => [v.label, []]));
  // pairs: the "together" phase at LATENCY_RATE; paired: the paired saturated phase.
  const pairs = Object.fromEntries(list.filter((v) => v.mode !== 'off').map((v) => [v.label, []]));
  const paired = Object.fromEntries(list.filter((v) => v.mode !== 'off').map((v) => [v.label, []]));
  // Every mode's services start once and stay up (idle on CPU 0 while another mode is loaded):
  // rounds then alternate loads only, so the modes compared are measured minutes, not restarts,
  // apart, and a busy stretch of the shared machine weighs on neighbouring rounds alike.
  const stacks = new Map();
  try {
    for (const v of list) {
      const stack = await startStack(v.build, MODES[v.mode]);
      stacks.set(v.label, stack);
      await saturated(v.label, stack, 2); // warm-up
    }
    for (let round = 1; round <= ROUNDS; round++) {
      for (const v of list) {
        const run = await saturated(v.label, stacks.get(v.label), SECONDS);
        runs[v.label].push(run);
        console.error(
          `round ${round} ${v.label}: ${run.rps.toFixed(0)} req/s, ${run.cpuUs.toFixed(0)} µs CPU/req, sent ${run.sent}`,
        );
      }
      if (PAIRED)
        for (const v of list.filter((o) => o.mode !== 'off')) {
          const pair = await pairedSaturated(v.label, stacks.get(v.off.label), stacks.get(v.label));
          paired[v.label].push(pair);
          console.error(
            `round ${round} paired: off ${pair.off.toFixed(0)} | ${v.label} ${pair.mode.toFixed(0)} µs CPU/req, ratio ${(pair.off / pair.mode).toFixed(3)}`,
          );
        }
      if (!TOGETHER) continue;
      for (const v of list.filter((o) => o.mode !== 'off')) {
        const pair = await simultaneous(v.build, MODES[v.mode]);
        pairs[v.label].push(pair);
        const show = (side) =>
          `p99 ${side.latency.p99.toFixed(2)} ms, ${side.cpuUs.toFixed(0)} µs CPU/req${
            probeFailures([side]) ? `, ${probeFailures([side])}` : ''
          }`;
        console.error(
          `round ${round} at ${LATENCY_RATE}/s each, together: off ${show(pair.off)} | ${v.label} ${show(pair.mode)}`,
        );
      }
    }
  } finally {
    await Promise.all([...stacks.values()].map((stack) => stack.stop()));
  }
  // Saturated ratios are paired per round (each mode against "off" of the same round and build),
  // then the median: a busy minute moves both sides of a ratio, not one.
  const perRound = (v, f) => runs[v.label].map((run, i) => f(run, runs[v.off.label][i]));
  const together = (v, f) => (v.mode === 'off' || !TOGETHER ? [NaN] : pairs[v.label].map(f));
  const fixed = (value) => (Number.isNaN(value) ? '-' : value.toFixed(3));
  const rows = list.map((v) => ({
    mode: v.label,
    // What the services sent during the last saturated round: proof that a traced mode really traced.
    'sent (last round)': runs[v.label][runs[v.label].length - 1].sent,
    'req/s': median(runs[v.label].map((r) => r.rps)).toFixed(0),
    'req/s ratio': median(perRound(v, (r, off) => r.rps / off.rps)).toFixed(3),
    'CPU µs/req (min-max)': spread(
      runs[v.label].map((r) => r.cpuUs),
      0,
    ),
    'CPU µs added (min-max)':
      v.mode === 'off'
        ? '-'
        : spread(
            perRound(v, (r, off) => r.cpuUs - off.cpuUs),
            0,
          ),
    'CPU ratio (min-max)': spread(
      perRound(v, (r, off) => off.cpuUs / r.cpuUs),
      3,
    ),
    'CPU ratio, paired (min-max)':
      v.mode === 'off' || !PAIRED
        ? '-'
        : spread(
            paired[v.label].map((p) => p.off / p.mode),
            3,
          ),
    [`CPU ratio at ${LATENCY_RATE}/s, together`]: fixed(median(together(v, (p) => p.off.cpuUs / p.mode.cpuUs))),
    'p99 ms (off -> mode)':
      v.mode === 'off' || !TOGETHER
        ? '-'
        : `${median(pairs[v.label].map((p) => p.off.latency.p99)).toFixed(2)} -> ${median(pairs[v.label].map((p) => p.mode.latency.p99)).toFixed(2)}`,
    // Two traced services on the path (gateway, activities): two hops.
    'p99 added per hop ms': fixed(median(together(v, (p) => (p.mode.latency.p99 - p.off.latency.p99) / 2))),
    'probe failures (off, mode)':
      v.mode === 'off' || !TOGETHER
        ? '-'
        : [pairs[v.label].map((p) => p.off), pairs[v.label].map((p) => p.mode)]
            .map((sides) => probeFailures(sides) || 'none')
            .join('; '),
  }));
  console.log(
    `\nTracing overhead: GET /api/activities/home, gateway -> activities over TCP, ${ROUNDS} rounds alternating, medians.`,
  );
  console.log(`Services on Node ${execFileSync(SERVICE_NODE, ['-v'], { encoding: 'utf8' }).trim()}.`);
  if (BUILDS.length > 1) console.log(`Builds: ${BUILDS.map((b) => `${b.name} = ${b.dir}`).join(', ')}.`);
  console.log(`Load average at the end: ${loadAverageText(2)}.`);
  console.log(
    PIN
      ? 'Services pinned to CPU 0, load generator, probe and UDP sink to CPU 1.'
      : 'Not pinned: services and load share all CPUs.',
  );
  console.log(
    `Saturated: autocannon -c ${CONNECTIONS} -d ${SECONDS}, ratios to "off" of the same round.${
      PAIRED
        ? ` Paired: the mode and "off" saturated at the same time (-c ${Math.ceil(CONNECTIONS / 2)} each), both on CPU 0.`
        : ''
    }${TOGETHER ? ` Together: "off" and the mode at the same time, ${LATENCY_RATE} req/s each for ${SECONDS} s.` : ''}\n`,
  );
  console.log(table(rows));
  const file = writeResult('tracing-overhead', {
    pinned: PIN,
    serviceNode: SERVICE_NODE,
    builds: BUILDS,
    rounds: ROUNDS,
    seconds: SECONDS,
    connections: CONNECTIONS,
    latencyRate: LATENCY_RATE,
    loadAverage: os.loadavg(),
    runs,
    pairs,
    paired,
    summary: rows,
  });
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
