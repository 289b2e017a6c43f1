// CPU per finished segment of each exporter, the whole way out of the service's process: the
// `xray` exporter (one UDP datagram per segment document) against the `otlp` one (segments as
// spans in batched OTLP/HTTP protobuf requests), in one process, alternating rounds. Counted with
// process.cpuUsage (user + system), not wall time, so a busy machine skews both sides alike. The
// receivers (a UDP socket, an HTTP server answering 200) run in a child process, off the count.
// Each segment is a gateway request's: HTTP data and a remote subsegment with an annotation and metadata.
require('./lib/ts-require');
const path = require('node:path');
const { fork } = require('node:child_process');
const { SegmentEntity } = require(path.join(__dirname, '../libs/tracing/src/recorder/trace-entity.ts'));
const { SegmentEmitter } = require(path.join(__dirname, '../libs/tracing/src/recorder/segment-emitter.ts'));
const { OtlpHttpExporter } = require(path.join(__dirname, '../libs/tracing/src/export/otlp-http-exporter.ts'));
const { newTraceId } = require(path.join(__dirname, '../libs/xray-contracts/src/index.ts'));
const { median, table } = require('./lib/stats');
const { writeResult } = require('./lib/results');

const SDK = { sdk: 'X-Ray for Node.js', sdk_version: '3.12.0', package: '@cruddur/tracing' };
const OPS = Number(process.env.BENCH_OPS || 20000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 7);
/** Segments finished per event-loop turn, as a busy service finishes them. */
const PER_TURN = 250;

if (process.argv[2] === 'receivers') {
  const udp = require('node:dgram').createSocket('udp4');
  udp.on('message', () => undefined);
  const http = require('node:http').createServer((req, res) => req.resume().on('end', () => res.end()));
  udp.bind(0, '127.0.0.1', () =>
    http.listen(0, '127.0.0.1', () => process.send({ udp: udp.address().port, http: http.address().port })),
  );
  return;
}

function finishOne(exporter) {
  const segment = new SegmentEntity('gateway', newTraceId(), undefined, (done) => exporter.export(done), SDK);
  segment.http = {
    request: {
      method: 'GET',
      url: 'http://127.0.0.1:4567/api/activities/home',
      user_agent: 'autocannon',
      client_ip: '127.0.0.1',
    },
    response: { status: 200, content_length: 1234 },
  };
  const call = segment.addNewSubsegment('activities');
  call.namespace = 'remote';
  call.addAnnotation('rpc_pattern', 'activities.home');
  call.addMetadata('rpc', { pattern: 'activities.home', kind: 'send', transport: 'tcp', address: '127.0.0.1:4001' });
  call.close();
  segment.close();
}

async function microsPerSegment(exporter) {
  const before = process.cpuUsage();
  for (let done = 0; done < OPS; done += PER_TURN) {
    for (let i = 0; i < PER_TURN; i++) finishOne(exporter);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await exporter.shutdown();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / OPS;
}

async function main() {
  const receivers = fork(__filename, ['receivers']);
  const ports = await new Promise((resolve) => receivers.once('message', resolve));
  const exporters = {
    'xray (UDP datagrams)': () => new SegmentEmitter({ host: '127.0.0.1', port: ports.udp }, console.error),
    'otlp (OTLP/HTTP protobuf)': () =>
      new OtlpHttpExporter(
        {
          endpoint: `http://127.0.0.1:${ports.http}/v1/traces`,
          scheduleDelayMs: 1000,
          maxQueueSize: OPS,
          maxBatchSize: 512,
          timeoutMs: 10_000,
          headers: {},
        },
        console.error,
        { 'telemetry.sdk.name': '@cruddur/tracing' },
      ),
  };
  const results = Object.fromEntries(Object.keys(exporters).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, make] of Object.entries(exporters)) results[name].push(await microsPerSegment(make()));
  }
  receivers.kill();
  const udp = median(results['xray (UDP datagrams)']);
  const rows = Object.entries(results).map(([name, runs]) => ({
    exporter: name,
    'CPU µs/segment (median)': median(runs).toFixed(2),
    'ratio to xray': (median(runs) / udp).toFixed(2),
    // The least disturbed round: on a shared machine, the closest to the code's own cost.
    'min µs': Math.min(...runs).toFixed(2),
    'min ratio': (Math.min(...runs) / Math.min(...results['xray (UDP datagrams)'])).toFixed(2),
    'rounds (µs)': runs.map((r) => r.toFixed(1)).join(' '),
  }));
  console.log(
    `Exporter CPU per segment (2 spans), ${ROUNDS} alternating rounds of ${OPS}, ${PER_TURN} per event-loop turn, receivers in another process.\n`,
  );
  console.log(table(rows));
  const file = writeResult('exporter-cpu', { ops: OPS, rounds: ROUNDS, results, summary: rows });
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
