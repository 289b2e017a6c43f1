// Recording one traced request's segment: the X-Ray SDK's Segment/Subsegment objects versus
// libs/tracing's own model (recorder/trace-entity.ts), in one process, alternating.
// Both build the same document: a segment with HTTP data and a remote subsegment carrying an
// annotation and metadata, closed and serialized as the emitter sends it.
require('./lib/ts-require');
process.env.AWS_XRAY_MANUAL_MODE = 'true';
const path = require('node:path');
const AWSXRay = require('aws-xray-sdk-core');
const { SegmentEntity } = require(path.join(__dirname, '../libs/tracing/src/recorder/trace-entity.ts'));
const { median, table } = require('./lib/stats');
const { writeResult } = require('./lib/results');

// The SDK's own log lines are not part of what is measured.
const ignore = () => undefined;
AWSXRay.setLogger({ debug: ignore, info: ignore, warn: ignore, error: ignore });
const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const HEADER = '{"format":"json","version":1}\n';
const SDK = { sdk: 'X-Ray for Node.js', sdk_version: '3.12.0', package: '@cruddur/tracing' };
const OPS = Number(process.env.BENCH_OPS || 50000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 7);
let sink = 0;

const models = {
  'SDK Segment objects': () => {
    const segment = new AWSXRay.Segment('gateway', ROOT, null);
    // What the SDK's emitter does on flush: format, then a second serialization for its debug line.
    segment.flush = () => {
      sink += Buffer.from(HEADER + segment.format()).length + String(segment).length;
    };
    const call = segment.addNewSubsegment('activities');
    call.namespace = 'remote';
    call.addAnnotation('rpc_pattern', 'activities.home');
    call.addMetadata('rpc', { pattern: 'activities.home', kind: 'send' });
    call.close();
    segment.http = {
      request: { method: 'GET', url: 'http://localhost:4567/api/activities/home' },
      response: { status: 200 },
    };
    segment.close();
  },
  'libs/tracing model': () => {
    const segment = new SegmentEntity(
      'gateway',
      ROOT,
      undefined,
      (done) => (sink += Buffer.from(HEADER + JSON.stringify(done.toDocument())).length),
      SDK,
    );
    const call = segment.addNewSubsegment('activities');
    call.namespace = 'remote';
    call.addAnnotation('rpc_pattern', 'activities.home');
    call.addMetadata('rpc', { pattern: 'activities.home', kind: 'send' });
    call.close();
    segment.http = {
      request: { method: 'GET', url: 'http://localhost:4567/api/activities/home' },
      response: { status: 200 },
    };
    segment.close();
  },
};

const runs = Object.fromEntries(Object.keys(models).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, record] of Object.entries(models)) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < OPS; i++) record();
    runs[name].push(Number(process.hrtime.bigint() - start) / OPS / 1000);
  }
}
const sdk = median(runs['SDK Segment objects']);
const rows = Object.entries(runs).map(([name, list]) => ({
  model: name,
  'µs per request (median)': median(list).toFixed(2),
  'ratio to SDK': (median(list) / sdk).toFixed(3),
}));
console.log(`\nSegment model: record + serialize one request's segment, ${OPS} ops x ${ROUNDS} rounds, alternating\n`);
console.log(table(rows));
console.log(
  `\nwritten to ${path.relative(process.cwd(), writeResult('segment-model', { ops: OPS, rounds: ROUNDS, runs, summary: rows }))}`,
);
if (sink === 0) process.exit(1);
