// Where the traced services under bench send what they record: a UDP sink for X-Ray segment
// datagrams and an OTLP/HTTP sink for OpenTelemetry exports. Both only count, so the table can
// show that every traced mode really sent something, without a daemon's cost on the machine.
const dgram = require('node:dgram');
const http = require('node:http');

async function startTraceSinks() {
  const counts = { datagrams: 0, otlpRequests: 0, otlpBytes: 0 };
  const udp = dgram.createSocket('udp4');
  udp.on('message', () => counts.datagrams++);
  await new Promise((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const otlp = http.createServer((req, res) => {
    req.on('data', (chunk) => (counts.otlpBytes += chunk.length));
    req.on('end', () => {
      counts.otlpRequests++;
      // An empty ExportTraceServiceResponse: zero bytes in protobuf.
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 }).end();
    });
  });
  await new Promise((resolve) => otlp.listen(0, '127.0.0.1', resolve));
  return {
    /** Environment for a traced service: both exporters' destinations. */
    env: {
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${udp.address().port}`,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${otlp.address().port}/v1/traces`,
    },
    counts: () => ({ ...counts }),
    close: () => Promise.all([new Promise((r) => udp.close(r)), new Promise((r) => otlp.close(r))]),
  };
}

/** What was sent between two `counts()` snapshots, as a table cell. */
function sentBetween(before, after) {
  const datagrams = after.datagrams - before.datagrams;
  const requests = after.otlpRequests - before.otlpRequests;
  const parts = [];
  if (datagrams > 0) parts.push(`${datagrams} UDP`);
  if (requests > 0) parts.push(`${requests} OTLP (${((after.otlpBytes - before.otlpBytes) / 1024).toFixed(0)} KB)`);
  return parts.join(' + ') || 'nothing';
}

module.exports = { startTraceSinks, sentBetween };
