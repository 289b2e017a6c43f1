// The peer a team would pick instead of our tracing: OpenTelemetry JS 2.x, set up as its docs
// say for a Nest service on AWS (NodeTracerProvider, http + express + nestjs-core
// instrumentations, BatchSpanProcessor, OTLP/HTTP protobuf exporter, the X-Ray propagator and id
// generator). Preloaded with `node -r` into a gateway whose own tracing is off. It traces the
// gateway only: nothing in OpenTelemetry carries context over Nest's TCP transport.
//
// BENCH_OTEL_RATIO: the root sampler's ratio (1 = every trace; 0 = none), behind a parent-based
// sampler, so an incoming X-Amzn-Trace-Id with Sampled=0 is not sampled either.
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: where spans go (the bench's counting sink).
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } = require('@opentelemetry/sdk-trace-base');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { ATTR_SERVICE_NAME } = require('@opentelemetry/semantic-conventions');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { AWSXRayPropagator } = require('@opentelemetry/propagator-aws-xray');
const { AWSXRayIdGenerator } = require('@opentelemetry/id-generator-aws-xray');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
const { NestInstrumentation } = require('@opentelemetry/instrumentation-nestjs-core');

const ratio = Number(process.env.BENCH_OTEL_RATIO ?? '1');
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'gateway' }),
  idGenerator: new AWSXRayIdGenerator(),
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
});
provider.register({ propagator: new AWSXRayPropagator() });
registerInstrumentations({
  tracerProvider: provider,
  instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation(), new NestInstrumentation()],
});

// Flush what is batched when the bench stops the process.
process.once('SIGTERM', () => provider.shutdown().finally(() => process.exit(0)));
