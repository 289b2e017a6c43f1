// The floor of a fully traced request's export on this machine: what 100% sampling costs at the
// least, whatever the recorder does, measured in one process, alternating rounds:
// - "two UDP sends": the two datagrams a traced GET /api/activities/home sends (the gateway's
//   segment with its remote subsegment, the activities' segment), pre-encoded, sent as the
//   `xray` exporter sends them (one dgram `send` each, unconnected, to 127.0.0.1);
// - "serialization": the same two documents from finished segment objects to datagram bytes
//   (toDocument, JSON, header), nothing sent;
// - "record + serialize + send": both segments recorded with the library's model, closed and
//   exported by the `xray` exporter (SegmentEmitter), the whole per-request export path.
// Process CPU (user + system, process.cpuUsage) per request, sends paced at BENCH_RATE requests
// a second in 1 ms ticks (a receiver woken per datagram costs the sender more than one kept busy
// by a burst). The receiver runs in a child process, off the count; pinned as
// bench/tracing-overhead.js pins (this process on CPU 0, the receiver on CPU 1; BENCH_PIN=0 off).
//
//   node bench/tracing-floor.js
//   BENCH_RATE=3000 BENCH_SECONDS=4 BENCH_ROUNDS=7 node bench/tracing-floor.js
require('./lib/ts-require');
const os = require('node:os');
const path = require('node:path');
const dgram = require('node:dgram');
const { execFileSync, fork } = require('node:child_process');
const { SegmentEntity } = require(path.join(__dirname, '../libs/tracing/src/recorder/trace-entity.ts'));
const { SegmentEmitter } = require(path.join(__dirname, '../libs/tracing/src/recorder/segment-emitter.ts'));
const { DATAGRAM_HEADER, documentJson, newTraceId } = require(
  path.join(__dirname, '../libs/xray-contracts/src/index.ts'),
);
const { median, table } = require('./lib/stats');
const { writeResult } = require('./lib/results');
const { loadAverageText } = require('./lib/proc-stats');

const SDK = { sdk: 'X-Ray for Node.js', sdk_version: '3.12.0', package: '@cruddur/tracing' };
const RATE = Number(process.env.BENCH_RATE || 3000);
const SECONDS = Number(process.env.BENCH_SECONDS || 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 7);
const PIN = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2;

if (process.argv[2] === 'receiver') {
  let received = 0;
  const udp = dgram.createSocket('udp4');
  udp.on('message', () => received++);
  process.on('message', () => process.send({ received }));
  udp.bind(0, '127.0.0.1', () => process.send({ port: udp.address().port }));
  return;
}

/** The two segments of one traced request, as the services record them; `send` gets each when it closes. */
function recordRequest(send) {
  const traceId = newTraceId();
  const gateway = new SegmentEntity('gateway', traceId, undefined, send, SDK);
  const call = gateway.addNewSubsegment('activities');
  call.namespace = 'remote';
  call.addAnnotation('rpc_pattern', 'activities.home');
  call.addMetadata('rpc', { pattern: 'activities.home', kind: 'send', transport: 'tcp', address: '127.0.0.1:4001' });
  const activities = new SegmentEntity('activities', traceId, call.id, send, SDK);
  activities.addAnnotation('rpc_pattern', 'activities.home');
  activities.close();
  call.close();
  gateway.http = {
    request: {
      method: 'GET',
      url: 'http://127.0.0.1:4567/api/activities/home',
      user_agent: 'autocannon',
      client_ip: '127.0.0.1',
    },
    response: { status: 200, content_length: 1234 },
  };
  gateway.close();
}

const datagram = (segment) => Buffer.from(`${DATAGRAM_HEADER}\n${documentJson(segment.toDocument())}`);

function finishedSegments() {
  const segments = [];
  recordRequest((segment) => segments.push(segment));
  return segments;
}

/** Runs `perRequest` RATE times a second for SECONDS; CPU µs per request. */
async function paced(perRequest) {
  const perTick = RATE / 1000;
  const total = RATE * SECONDS;
  const before = process.cpuUsage();
  let done = 0;
  const started = performance.now();
  while (done < total) {
    // Catch up to the schedule: a late tick runs the requests it missed.
    const owed = Math.min(total, Math.floor((performance.now() - started) * perTick)) - done;
    for (let i = 0; i < owed; i++) perRequest();
    done += Math.max(owed, 0);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / total;
}

async function main() {
  if (PIN) execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  const receiver = fork(
    __filename,
    ['receiver'],
    PIN ? { execPath: 'taskset', execArgv: ['-c', '1', process.execPath] } : {},
  );
  const { port } = await new Promise((resolve) => receiver.once('message', resolve));
  const socket = dgram.createSocket('udp4').unref();
  const sent = (error) => {
    if (error) throw error;
  };
  const [gatewayDatagram, activitiesDatagram] = finishedSegments().reverse().map(datagram);
  const [activitiesSegment, gatewaySegment] = finishedSegments();
  let bytes = 0;
  const emitter = new SegmentEmitter({ host: '127.0.0.1', port }, (message) => {
    throw new Error(message);
  });
  const exporterOf = (segment) => emitter.export(segment);
  const variants = {
    // The pacing loop's own cost (timer wake-ups), subtracted from the others round by round.
    'nothing (the pacing loop alone)': () => undefined,
    'two UDP sends (pre-encoded)': () => {
      socket.send(gatewayDatagram, port, '127.0.0.1', sent);
      socket.send(activitiesDatagram, port, '127.0.0.1', sent);
    },
    'serialization of both documents': () => {
      bytes += datagram(gatewaySegment).length + datagram(activitiesSegment).length;
    },
    'record + serialize + send (xray exporter)': () => recordRequest(exporterOf),
  };
  const results = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, perRequest] of Object.entries(variants)) results[name].push(await paced(perRequest));
  await emitter.shutdown();
  receiver.send('count');
  const { received } = await new Promise((resolve) => receiver.once('message', resolve));
  receiver.kill();
  const pacing = results['nothing (the pacing loop alone)'];
  const rows = Object.entries(results).map(([name, runs]) => {
    const net = runs.map((r, i) => r - pacing[i]);
    return {
      'per traced request': name,
      'CPU µs (median)': median(runs).toFixed(1),
      'net of the pacing loop (median)': median(net).toFixed(1),
      'net min-max': `${Math.min(...net).toFixed(1)}-${Math.max(...net).toFixed(1)}`,
      rounds: runs.map((r) => r.toFixed(1)).join(' '),
    };
  });
  console.log(
    `Export floor of one fully traced request (2 segment datagrams, ${gatewayDatagram.length} + ${activitiesDatagram.length} bytes), ${ROUNDS} alternating rounds, ${RATE} requests/s for ${SECONDS} s, Node ${process.version}, load average ${loadAverageText(2)}.`,
  );
  console.log(`Datagrams received: ${received}; serialized bytes: ${bytes}.\n`);
  console.log(table(rows));
  const file = writeResult('tracing-floor', { rate: RATE, seconds: SECONDS, rounds: ROUNDS, results, summary: rows });
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
