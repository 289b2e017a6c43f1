import { decodeTraceRequestProtobuf } from '@cruddur/otlp';
import { SegmentCollector } from '@cruddur/test-kit';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveTracingConfig } from '../config/tracing-config';
import type { Tracer } from '../recorder/tracer';
import { buildTracer } from './build-tracer';

let collector: SegmentCollector;
let otlp: http.Server;
const otlpSpanIds: string[] = [];
let tracer: Tracer | undefined;

beforeAll(async () => {
  collector = await SegmentCollector.start();
  otlp = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => {
        for (const rs of decodeTraceRequestProtobuf(Buffer.concat(chunks)))
          otlpSpanIds.push(...rs.spans.map((s) => s.spanId));
        res.end();
      });
  });
  await new Promise<void>((resolve) => otlp.listen(0, '127.0.0.1', resolve));
});
afterEach(async () => tracer?.shutdown());
afterAll(async () => {
  await collector.close();
  await new Promise((resolve) => otlp.close(resolve));
});

/** A tracer built from `env` as a service's would be, with one finished, sampled segment. */
async function traceOnce(env: Record<string, string>): Promise<string> {
  const endpoint = `http://127.0.0.1:${(otlp.address() as AddressInfo).port}/v1/traces`;
  const config = resolveTracingConfig(
    { serviceName: 'built', centralizedSampling: false, daemonAddress: collector.address, otlpEndpoint: endpoint },
    env,
  );
  tracer = buildTracer(config);
  const trace = tracer.startSegment({
    name: 'built',
    trustSampling: true,
    incoming: { root: '1-6759f0a1-bd862e3fe1be46a994272793', sampled: '1' },
    sampleRequest: { serviceName: 'built' },
  });
  tracer.finish(trace.segment, { kind: 'ok' });
  await tracer.shutdown();
  tracer = undefined;
  return trace.spanId;
}

describe('buildTracer: the exporters OTEL_TRACES_EXPORTER names', () => {
  it.each([
    ['xray', true, false],
    ['otlp', false, true],
    ['xray,otlp', true, true],
    ['none', false, false],
  ])('%s', async (names, viaUdp, viaOtlp) => {
    const id = await traceOnce({ OTEL_TRACES_EXPORTER: names });
    await new Promise((r) => setTimeout(r, 100));
    expect([collector.segments.some((s) => s.id === id), otlpSpanIds.includes(id)]).toEqual([viaUdp, viaOtlp]);
  });
});
