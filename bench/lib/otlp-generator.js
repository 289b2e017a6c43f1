// An OTLP/HTTP span generator, run as its own process (node bench/lib/otlp-generator.js '<json>')
// so its CPU is not charged to the daemon. The spans are the UDP benchmark's traces (segment-docs.js)
// turned into OpenTelemetry spans with the repository's segment -> span translation, so both
// benchmarks carry the same content. Bodies are ExportTraceServiceRequests of `batch` spans or more
// (whole traces), protobuf or OTLP JSON. Encoding them costs more than the daemon's decoding, so
// a few templates are encoded up front and each request is a copy with its trace ids rewritten in
// place (the last 8 bytes: a counter), so every request carries new traces. Prints
// {"ready":true}, waits for "go" on stdin, keeps `inFlight` requests going for `seconds`, then
// prints {"requests","spans","bytes","seconds","rejected","errors"} and exits.
require('./ts-require');
const http = require('node:http');
const otlp = require('@cruddur/otlp');
const { encodeJson } = require('./otlp-json');
const { traceFactory } = require('./segment-docs');

const { port, encoding, seconds, batch = 512, inFlight = 4, seed = 1 } = JSON.parse(process.argv[2]);
const factory = traceFactory({ seed, stream: seed % 256 });
const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
const headerBytes = factory.headerBytes;

const TEMPLATES = 16;

/** One template body: whole traces until `batch` spans, and where each trace id sits in it. */
function template() {
  const segments = [];
  let spans = 0;
  while (spans < batch) {
    for (const datagram of factory.next(Date.now() / 1000)) {
      const segment = JSON.parse(datagram.toString('utf8', headerBytes));
      segments.push(segment);
      spans += otlp.countEntities(segment);
    }
  }
  const resourceSpans = otlp.segmentsToResourceSpans(segments);
  const body =
    encoding === 'json'
      ? Buffer.from(encodeJson(resourceSpans))
      : Buffer.from(otlp.encodeTraceRequestProtobuf(resourceSpans, { name: 'bench' }));
  const traceIds = [...new Set(segments.map((segment) => segment.trace_id.slice(2, 10) + segment.trace_id.slice(11)))];
  const slots = [];
  traceIds.forEach((id, trace) => {
    const needle = encoding === 'json' ? Buffer.from(id, 'latin1') : Buffer.from(id, 'hex');
    for (let at = body.indexOf(needle); at >= 0; at = body.indexOf(needle, at + 1))
      slots.push({ at: at + needle.length / 2, trace });
  });
  return { body, spans, traces: traceIds.length, slots };
}

const templates = Array.from({ length: TEMPLATES }, template);
let sequence = 0;

/** The next request: a template copy whose traces get fresh ids (the last 8 bytes of each). */
function nextBody() {
  const t = templates[sequence % TEMPLATES];
  const body = Buffer.from(t.body);
  const first = sequence * 1024;
  sequence++;
  for (const { at, trace } of t.slots) {
    const suffix = BigInt(first + trace);
    if (encoding === 'json') body.write(suffix.toString(16).padStart(16, '0'), at, 'latin1');
    else body.writeBigUInt64BE(suffix, at);
  }
  return { body, spans: t.spans };
}

function post(body) {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/traces',
        agent,
        headers: {
          host: 'localhost',
          'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
          'content-length': body.length,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', () => resolve({ status: 0, body: Buffer.alloc(0) }));
    req.end(body);
  });
}

function rejectedIn(answer) {
  if (answer.body.length === 0) return 0;
  if (encoding === 'json') return Number(JSON.parse(answer.body.toString()).partialSuccess?.rejectedSpans ?? 0);
  const type = otlp.OtlpTraceSchema.ExportTraceServiceResponse;
  return Number(type.toObject(type.decode(answer.body), { longs: Number }).partialSuccess?.rejectedSpans ?? 0);
}

async function run() {
  const totals = { requests: 0, spans: 0, bytes: 0, rejected: 0, errors: 0 };
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const { body, spans } = nextBody();
      const answer = await post(body);
      if (answer.status !== 200) totals.errors++;
      else {
        totals.requests++;
        totals.spans += spans;
        totals.bytes += body.length;
        totals.rejected += rejectedIn(answer);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${JSON.stringify({ ...totals, seconds: elapsed })}\n`);
  agent.destroy();
  process.stdin.destroy();
}

process.stdout.write('{"ready":true}\n');
process.stdin.once('data', () => void run());
