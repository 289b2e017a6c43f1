// The traced TCP call in one process, per source tree: TracedClientTcp.send from a sampled or an
// unsampled caller's trace to an echo server speaking Nest's TCP framing (`<length>#<json>`),
// answered and handed back; process CPU (user + system) per call, client and server together.
// Several trees side by side (BENCH_SOURCES, each with its own tracer, context storage and
// client), alternating in short chunks, so a busy machine weighs on every tree alike: what
// bench/tracing-overhead.js cannot resolve there (a few µs against a request's hundreds).
//
//   node bench/tracing-rpc-call.js
//   BENCH_SOURCES=before=/tmp/before,after=. BENCH_ROUNDS=7 node bench/tracing-rpc-call.js
//
// A source is a checkout's root (its libs/tracing/src is loaded, transpiled, with its own
// @cruddur/* libraries). Pinned to CPU 0 unless BENCH_PIN=0.
require('./lib/ts-require');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { firstValueFrom } = require('rxjs');
const { median, table } = require('./lib/stats');
const { writeResult } = require('./lib/results');
const { loadAverageText } = require('./lib/proc-stats');

const ROUNDS = Number(process.env.BENCH_ROUNDS || 7);
const CHUNKS = Number(process.env.BENCH_CHUNKS || 40);
const CALLS_PER_CHUNK = 200;
const IN_FLIGHT = 10;
const PIN = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2;
const SOURCES = (process.env.BENCH_SOURCES || `current=${path.join(__dirname, '..')}`).split(',').map((entry) => {
  const [name, root] = entry.trim().split('=');
  if (!name || !root) throw new Error(`BENCH_SOURCES entry "${entry}" is not name=dir`);
  return { name, root: path.resolve(root) };
});

/** Answers every request packet with `{ id, response, isDisposed: true }`, as a Nest TCP server does. */
function startEchoServer() {
  const server = net.createServer((socket) => {
    let pending = '';
    socket.setNoDelay(true); // answers go out at once, not after the client's delayed ACK
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      pending += chunk;
      for (;;) {
        const hash = pending.indexOf('#');
        if (hash < 0) return;
        const length = Number(pending.slice(0, hash));
        if (pending.length < hash + 1 + length) return;
        const packet = JSON.parse(pending.slice(hash + 1, hash + 1 + length));
        pending = pending.slice(hash + 1 + length);
        const answer = JSON.stringify({ id: packet.id, response: { ok: true }, isDisposed: true });
        socket.write(`${answer.length}#${answer}`);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function loadSource({ name, root }, port) {
  const lib = (file) => require(path.join(root, 'libs/tracing/src', `${file}.ts`));
  const { TracedClientTcp } = lib('rpc/traced-client-tcp');
  const { runInTrace } = lib('context/trace-context');
  const { setActiveTracer } = lib('recorder/tracer-registry');
  const { startTestTracer, upstreamHeader } = lib('testing/test-tracer');
  const { parseTraceHeader } = require(path.join(root, 'libs/xray-contracts/src/index.ts'));
  const { tracer } = startTestTracer({ contextMissing: 'IGNORE_ERROR' });
  const client = new TracedClientTcp({ host: '127.0.0.1', port, serviceName: 'echo' });
  await client.connect();
  const call = (sampled) => {
    const trace = tracer.startSegment({
      name: 'caller',
      incoming: parseTraceHeader(upstreamHeader(sampled ? '1' : '0')),
      trustSampling: true,
      sampleRequest: { serviceName: 'caller' },
    });
    return runInTrace(trace, () => firstValueFrom(client.send('echo', { n: 1 }))).then(() =>
      tracer.finish(trace.segment, { kind: 'ok' }),
    );
  };
  return { name, call, activate: () => setActiveTracer(tracer), close: () => client.close() };
}

/** CPU µs per call of `source`, over CHUNKS chunks interleaved with the other sources'. */
async function round(sources, sampled) {
  const cpu = new Map(sources.map((s) => [s.name, 0]));
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    const order = chunk % 2 ? [...sources].reverse() : sources;
    for (const source of order) {
      source.activate();
      const before = process.cpuUsage();
      for (let done = 0; done < CALLS_PER_CHUNK; done += IN_FLIGHT)
        await Promise.all(Array.from({ length: IN_FLIGHT }, () => source.call(sampled)));
      const used = process.cpuUsage(before);
      cpu.set(source.name, cpu.get(source.name) + used.user + used.system);
    }
  }
  return new Map([...cpu].map(([name, us]) => [name, us / (CHUNKS * CALLS_PER_CHUNK)]));
}

async function main() {
  if (PIN) execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  const server = await startEchoServer();
  const sources = [];
  for (const source of SOURCES) sources.push(await loadSource(source, server.address().port));
  const results = {};
  for (const sampled of [false, true]) {
    const runs = new Map(sources.map((s) => [s.name, []]));
    await round(sources, sampled); // warm-up: the JIT compiles the paths of this caller
    for (let r = 0; r < ROUNDS; r++) for (const [name, us] of await round(sources, sampled)) runs.get(name).push(us);
    results[sampled ? 'sampled' : 'unsampled'] = Object.fromEntries(runs);
  }
  for (const source of sources) source.close();
  server.close();
  const first = SOURCES[0].name;
  const rows = [];
  for (const [caller, runs] of Object.entries(results))
    for (const [name, list] of Object.entries(runs))
      rows.push({
        caller,
        source: name,
        'CPU µs/call (median)': median(list).toFixed(1),
        'min-max': `${Math.min(...list).toFixed(1)}-${Math.max(...list).toFixed(1)}`,
        [`minus ${first}, per round (median, min-max)`]:
          name === first
            ? '-'
            : (() => {
                const diffs = list.map((us, i) => us - runs[first][i]);
                return `${median(diffs).toFixed(1)} (${Math.min(...diffs).toFixed(1)} to ${Math.max(...diffs).toFixed(1)})`;
              })(),
      });
  console.log(
    `Traced TCP call, client + echo server in one process, ${ROUNDS} rounds of ${CHUNKS} interleaved chunks of ${CALLS_PER_CHUNK} calls (${IN_FLIGHT} in flight), Node ${process.version}, load average ${loadAverageText(2)}.\n`,
  );
  console.log(table(rows));
  const file = writeResult('tracing-rpc-call', {
    rounds: ROUNDS,
    chunks: CHUNKS,
    sources: SOURCES,
    results,
    summary: rows,
  });
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
