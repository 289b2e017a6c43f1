// Where tracing's CPU goes: runs gateway + activities at a fixed request rate, once per mode,
// profiles both (V8 CPU profiler, started after a warm-up), and prints the functions whose self time per request differs most from
// "off" (µs per request, both services). A fixed rate (not saturation) keeps the work per second
// equal between modes, so differences are the tracing code's own cost.
//
//   node bench/profile-tracing.js                        # off vs Cruddur rule vs 100%, 1,000 req/s, 15 s
//   BENCH_RATE=0 BENCH_SECONDS=10                       # saturated instead of a fixed rate
//   BENCH_RATE=800 BENCH_SECONDS=20 BENCH_MODES='off;on, Cruddur rule' node bench/profile-tracing.js
//   BENCH_WARMUP_SECONDS=30 BENCH_MODES='off + AsyncLocalStorage on;on, 0% sampled' ...   (steady state)
//   BENCH_KEEP_PROFILES=1 ...   (the .cpuprofile files stay, for DevTools or a caller tree)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { freePort, pinned, startApp } = require('./lib/processes');
const { table } = require('./lib/stats');
const { MODES, selectedModes } = require('./lib/tracing-modes');
const { startTraceSinks } = require('./lib/trace-sinks');
const { cpuSeconds } = require('./lib/proc-stats');

const RATE = Number(process.env.BENCH_RATE || 1000);
const SECONDS = Number(process.env.BENCH_SECONDS || 15);
const TOP = Number(process.env.BENCH_TOP || 25);
const AUTOCANNON = path.join(__dirname, '../node_modules/autocannon/autocannon.js');
const PROFILER = path.join(__dirname, 'peer/cpu-profile-on-signal.js');
// Warm-up before profiling; 30 s or more to see the steady state a long-running service is in.
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS || 3);
// As in tracing-overhead.js: services on CPU 0, load and sink on CPU 1 (BENCH_PIN=0: not pinned).
const PIN = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2;
const SERVICES = { cpus: PIN ? '0' : undefined, node: process.env.BENCH_SERVICE_NODE || process.execPath };
const LOAD_CPUS = PIN ? '1' : undefined;

function load(url, seconds, headers = {}) {
  // BENCH_RATE=0: as fast as the services go (50 connections, as bench/tracing-overhead.js).
  const args = [
    AUTOCANNON,
    '-j',
    '-d',
    String(seconds),
    ...(RATE > 0 ? ['-c', '20', '-R', String(RATE)] : ['-c', '50']),
  ];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  return new Promise((resolve, reject) =>
    execFile(...pinned(LOAD_CPUS, args), { maxBuffer: 64 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    ),
  );
}

/** Self time in ms per function (name, file, line) of one .cpuprofile; GC and idle as their own rows. */
function selfTimes(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const { callFrame } = byNode.get(profile.samples[i]);
    const where = callFrame.url ? `${path.basename(callFrame.url)}:${callFrame.lineNumber + 1}` : '';
    const key = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
    totals.set(key, (totals.get(key) ?? 0) + profile.timeDeltas[i] / 1000);
  }
  totals.delete('(idle)');
  return totals;
}

async function profileMode(name, sinks) {
  const mode = MODES[name];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracing-prof-'));
  const [gatewayPort, activitiesPort, notificationsPort] = [await freePort(), await freePort(), await freePort()];
  const common = {
    ...sinks.env,
    ACTIVITIES_PORT: String(activitiesPort),
    NOTIFICATIONS_PORT: String(notificationsPort),
  };
  const file = (service) => path.join(dir, `${service}.cpuprofile`);
  const activities = await startApp(
    'activities',
    activitiesPort,
    {
      ...common,
      ...mode.env,
      ...mode.activitiesEnv,
      PORT: String(activitiesPort),
      CPU_PROFILE_FILE: file('activities'),
    },
    ['-r', PROFILER, ...(mode.activitiesArgs ?? [])],
    SERVICES,
  );
  const gateway = await startApp(
    'gateway',
    gatewayPort,
    { ...common, ...mode.env, PORT: String(gatewayPort), CPU_PROFILE_FILE: file('gateway') },
    ['-r', PROFILER, ...(mode.gatewayArgs ?? [])],
    SERVICES,
  );
  const url = `http://127.0.0.1:${gatewayPort}/api/activities/home`;
  await load(url, WARMUP_SECONDS, mode.headers);
  process.kill(gateway.pid, 'SIGWINCH');
  process.kill(activities.pid, 'SIGWINCH');
  const cpu = () => ({ gateway: cpuSeconds(gateway.pid), activities: cpuSeconds(activities.pid) });
  const cpuBefore = cpu();
  const result = await load(url, SECONDS, mode.headers);
  const cpuAfter = cpu();
  await Promise.all([gateway.stop('SIGINT'), activities.stop('SIGINT')]);
  const requests = result.requests.total;
  const perService = {};
  const cpuUs = {};
  for (const service of ['gateway', 'activities']) {
    perService[service] = selfTimes(file(service));
    cpuUs[service] = ((cpuAfter[service] - cpuBefore[service]) / requests) * 1e6;
  }
  if (process.env.BENCH_KEEP_PROFILES) console.error(`${name}: profiles kept in ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
  return { requests, perService, cpuUs };
}

async function main() {
  const sinks = await startTraceSinks();
  const results = {};
  const SELECTED = selectedModes(['off', 'on, Cruddur rule', 'on, 100% sampled']);
  for (const name of SELECTED) {
    results[name] = await profileMode(name, sinks);
    console.error(
      `${name}: ${results[name].requests} requests profiled; CPU µs/req (from /proc) gateway ${results[name].cpuUs.gateway.toFixed(0)}, activities ${results[name].cpuUs.activities.toFixed(0)}`,
    );
  }
  await sinks.close();
  const [base, ...others] = SELECTED;
  for (const service of ['gateway', 'activities']) {
    const perReq = (name) => {
      const times = results[name].perService[service];
      return new Map([...times].map(([k, ms]) => [k, (ms * 1000) / results[name].requests]));
    };
    const baseline = perReq(base);
    const total = (m) => [...m.values()].reduce((a, b) => a + b, 0);
    for (const name of others) {
      const mode = perReq(name);
      const keys = new Set([...baseline.keys(), ...mode.keys()]);
      const rows = [...keys]
        .map((k) => ({ function: k.slice(0, 90), [base]: baseline.get(k) ?? 0, [name]: mode.get(k) ?? 0 }))
        .map((r) => ({ ...r, added: r[name] - r[base] }))
        .sort((a, b) => Math.abs(b.added) - Math.abs(a.added))
        .slice(0, TOP)
        .map((r) => ({
          function: r.function,
          [`${base} µs/req`]: r[base].toFixed(1),
          [`${name} µs/req`]: r[name].toFixed(1),
          'added µs/req': r.added.toFixed(1),
        }));
      console.log(
        `\n${service}: ${name} vs ${base}, self time per request, ${RATE > 0 ? `${RATE} req/s` : 'saturated'} x ${SECONDS} s (total ${total(baseline).toFixed(0)} -> ${total(mode).toFixed(0)} µs/req)\n`,
      );
      console.log(table(rows));
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
