// Exports a fixed batch of spans made by the real OpenTelemetry JS SDK with the real OTLP/HTTP
// exporter: `node export-sample-spans.cjs protobuf|json URL`. A child process, because the
// exporter loads `http` with a dynamic import(), which Jest's CommonJS mode cannot run.
// The batch: a SERVER span (old HTTP conventions, 404, two annotations), a CLIENT child (new
// conventions, 503), an INTERNAL grandchild with an exception event, and a CONSUMER root with a
// metadata namespace.
const { context, SpanKind, SpanStatusCode, trace } = require('@opentelemetry/api');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');

const [encoding, url] = process.argv.slice(2);
const { OTLPTraceExporter } = require(
  encoding === 'json' ? '@opentelemetry/exporter-trace-otlp-http' : '@opentelemetry/exporter-trace-otlp-proto',
);

// Fixed ids, so that both encodings of the batch carry the same ones: trace ids 0...01, 0...02,
// span ids 00000000000000a1, ...a2, in creation order.
let traces = 0;
let spans = 0;
const idGenerator = {
  generateTraceId: () => (++traces).toString(16).padStart(32, '0'),
  generateSpanId: () => (0xa0 + ++spans).toString(16).padStart(16, '0'),
};

const memory = new InMemorySpanExporter();
const provider = new BasicTracerProvider({
  idGenerator,
  resource: resourceFromAttributes({ 'service.name': 'otel-sample', 'service.version': '1.2.3' }),
  spanProcessors: [new SimpleSpanProcessor(memory)],
});
const tracer = provider.getTracer('sample');
const at = (seconds, nanos) => [1767000000 + seconds, nanos];

tracer.startActiveSpan(
  'GET /things',
  {
    kind: SpanKind.SERVER,
    startTime: at(0, 123456789),
    attributes: {
      'http.method': 'GET',
      'http.scheme': 'http',
      'http.host': 'otel.example:8080',
      'http.target': '/things?id=1',
      'http.status_code': 404,
      'http.user_agent': 'curl/8',
      'http.client_ip': '10.0.0.7',
      'aws.xray.annotations': ['customer', 'tier-level'],
      customer: 'acme',
      'tier-level': 3,
      ratio: 0.25,
      flags: [true, false],
    },
  },
  (server) => {
    const inServer = trace.setSpan(context.active(), server);
    const client = tracer.startSpan(
      'GET',
      {
        kind: SpanKind.CLIENT,
        startTime: at(0, 200000000),
        attributes: {
          'http.request.method': 'GET',
          'url.full': 'http://inventory:4000/stock',
          'server.address': 'inventory',
          'http.response.status_code': 503,
        },
      },
      inServer,
    );
    client.setStatus({ code: SpanStatusCode.ERROR });
    client.end(at(0, 300000000));
    const internal = tracer.startSpan('compute', { kind: SpanKind.INTERNAL, startTime: at(0, 310000000) }, inServer);
    const error = new TypeError('bad thing');
    error.stack =
      'TypeError: bad thing\n    at compute (/app/src/compute.js:12:5)\n    at Object.<anonymous> (/app/main.js:3:1)\n    at node:internal/main:1:1';
    internal.recordException(error, at(0, 320000000));
    internal.setStatus({ code: SpanStatusCode.ERROR, message: 'bad thing' });
    internal.end(at(0, 330000000));
    server.end(at(0, 400000001));
  },
);
const consumer = tracer.startSpan('orders process', {
  kind: SpanKind.CONSUMER,
  startTime: at(1, 0),
  attributes: { 'aws.xray.metadata.orders': '{"count":2}', 'messaging.system': 'kafka' },
});
consumer.end(at(1, 5000));

const exporter = new OTLPTraceExporter({ url });
exporter.export(memory.getFinishedSpans(), (result) => {
  if (result.error !== undefined) {
    console.error(result.error);
    process.exitCode = 1;
  }
  void exporter.shutdown();
});
