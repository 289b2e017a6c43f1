// Tracing overhead on the full path gateway -> activities (TCP), GET /api/activities/home.
// Modes run side by side, alternating, several rounds; medians of per-round ratios to "off".
const { execFile } = require('node:child_process');
const dgram = require('node:dgram');
const path = require('node:path');
const { autocannon } = require('./lib/autocannon');
const { freePort, startApp } = require('./lib/processes');
const { median, table } = require('./lib/stats');
const { writeResult } = require('./lib/results');
const { cpuSeconds } = require('./lib/proc-stats');
const { MODES, selectedModes } = require('./lib/tracing-modes');

const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
// Latency is measured separately at a fixed, moderate rate: at saturation it is mostly queueing.
const LATENCY_RATE = Number(process.env.BENCH_LATENCY_RATE || 500);
const PROBE = path.join(__dirname, 'lib/latency-probe.js');

function latencyProbe(url, headers = {}) {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [PROBE, url, String(LATENCY_RATE), String(SECONDS), JSON.stringify(headers)], (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    ),
  );
}

async function runMode(name, mode, sinkPort) {
  const [gatewayPort, activitiesPort, notificationsPort] = [await freePort(), await freePort(), await freePort()];
  const daemon = `127.0.0.1:${sinkPort}`;
  const common = { AWS_XRAY_DAEMON_ADDRESS: daemon, ACTIVITIES_PORT: String(activitiesPort), NOTIFICATIONS_PORT: String(notificationsPort) };
  const activities = await startApp('activities', activitiesPort, { ...common, ...mode.env, ...mode.activitiesEnv, PORT: String(activitiesPort) }, mode.activitiesArgs);
  const gateway = await startApp('gateway', gatewayPort, { ...common, ...mode.env, PORT: String(gatewayPort) }, mode.gatewayArgs);
  try {
    const url = `http://127.0.0.1:${gatewayPort}/api/activities/home`;
    await autocannon(url, { connections: CONNECTIONS, seconds: 2, headers: mode.headers }); // warm-up
    // CPU per request of gateway + activities: steadier than req/s on a shared machine.
    const cpu = () => cpuSeconds(gateway.pid) + cpuSeconds(activities.pid);
    const cpuBefore = cpu();
    const result = await autocannon(url, { connections: CONNECTIONS, seconds: SECONDS, headers: mode.headers });
    const cpuUs = ((cpu() - cpuBefore) / result.requests.total) * 1e6;
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    const latency = await latencyProbe(url, mode.headers);
    if (latency.errors > 0) throw new Error(`${name}: ${latency.errors} failed requests in the latency probe`);
    return { rps: result.requests.average, cpuUs, latency };
  } finally {
    await gateway.stop();
    await activities.stop();
  }
}

async function main() {
  const sink = dgram.createSocket('udp4');
  let datagrams = 0;
  sink.on('message', () => datagrams++);
  await new Promise((r) => sink.bind(0, '127.0.0.1', r));
  const names = selectedModes();
  if (!names.includes('off')) throw new Error('BENCH_MODES must include "off": every ratio is to it');
  const runs = Object.fromEntries(names.map((m) => [m, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const name of names) {
      const run = await runMode(name, MODES[name], sink.address().port);
      runs[name].push(run);
      const { p50, p99 } = run.latency;
      console.error(`round ${round} ${name}: ${run.rps.toFixed(0)} req/s, ${run.cpuUs.toFixed(0)} µs CPU/req; at ${LATENCY_RATE}/s p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
    }
  }
  sink.close();
  // Ratios are paired per round (each mode against "off" of the same round), then the median:
  // a busy minute then moves both sides of a ratio, not one.
  const perRound = (name, f) => runs[name].map((run, i) => f(run, runs.off[i]));
  const rows = names.map((name) => ({
    mode: name,
    'req/s (median)': median(runs[name].map((r) => r.rps)).toFixed(0),
    'req/s ratio': median(perRound(name, (r, off) => r.rps / off.rps)).toFixed(3),
    'CPU µs/req': median(runs[name].map((r) => r.cpuUs)).toFixed(0),
    'CPU ratio (off/mode)': median(perRound(name, (r, off) => off.cpuUs / r.cpuUs)).toFixed(3),
    [`p50 ms at ${LATENCY_RATE}/s`]: median(runs[name].map((r) => r.latency.p50)).toFixed(2),
    [`p99 ms at ${LATENCY_RATE}/s`]: median(runs[name].map((r) => r.latency.p99)).toFixed(2),
    // Two traced services on the path (gateway, activities): two hops.
    'p99 added per hop ms': median(perRound(name, (r, off) => (r.latency.p99 - off.latency.p99) / 2)).toFixed(3),
  }));
  console.log(`\nTracing overhead: GET /api/activities/home, gateway -> activities over TCP; throughput with autocannon -c ${CONNECTIONS} -d ${SECONDS}; latency at ${LATENCY_RATE} req/s for ${SECONDS} s; ${ROUNDS} rounds alternating; medians of per-round ratios\n`);
  console.log(table(rows));
  const file = writeResult('tracing-overhead', { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, latencyRate: LATENCY_RATE, runs, summary: rows, segmentDatagrams: datagrams });
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
