// Tracing overhead on the full path gateway -> activities (TCP), GET /api/activities/home.
// Modes run side by side, alternating, several rounds; medians and ratios to "off".
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
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuUs };
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
  const runs = Object.fromEntries(names.map((m) => [m, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const name of names) {
      const run = await runMode(name, MODES[name], sink.address().port);
      runs[name].push(run);
      console.error(`round ${round} ${name}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ${run.cpuUs.toFixed(0)} µs CPU/req`);
    }
  }
  sink.close();
  const base = median(runs.off.map((r) => r.rps));
  const baseP99 = median(runs.off.map((r) => r.p99));
  const baseCpu = median(runs.off.map((r) => r.cpuUs));
  const rows = Object.entries(runs).map(([name, list]) => {
    const rps = median(list.map((r) => r.rps));
    const p99 = median(list.map((r) => r.p99));
    return {
      mode: name,
      'req/s (median)': rps.toFixed(0),
      'ratio to off': (rps / base).toFixed(3),
      'p50 ms': median(list.map((r) => r.p50)),
      'p99 ms': p99,
      'p99 added ms': (p99 - baseP99).toFixed(1),
      'CPU µs/req (gateway+activities)': median(list.map((r) => r.cpuUs)).toFixed(0),
      'CPU added µs/req': (median(list.map((r) => r.cpuUs)) - baseCpu).toFixed(0),
    };
  });
  console.log(`\nTracing overhead: GET /api/activities/home, gateway -> activities over TCP, autocannon -c ${CONNECTIONS} -d ${SECONDS}, ${ROUNDS} rounds alternating\n`);
  console.log(table(rows));
  const file = writeResult('tracing-overhead', { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, runs, summary: rows, segmentDatagrams: datagrams });
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
