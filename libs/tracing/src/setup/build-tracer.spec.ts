import { decodeTraceRequestProtobuf } from '@cruddur/otlp';
import { Logger } from '@nestjs/common';
import { SegmentCollector } from '@cruddur/test-kit';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveTracingConfig } from '../config/tracing-config';
import type { Tracer } from '../recorder/tracer';
import { buildTracer } from './build-tracer';

let collector: SegmentCollector;
let otlp: http.Server;
const otlpSpanIds: string[] = [];
const otlpRequests: { headers: http.IncomingHttpHeaders; serviceNames: unknown[] }[] = [];
let tracer: Tracer | undefined;

beforeAll(async () => {
  collector = await SegmentCollector.start();
  otlp = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => {
        const batch = decodeTraceRequestProtobuf(Buffer.concat(chunks));
        for (const rs of batch) otlpSpanIds.push(...rs.spans.map((s) => s.spanId));
        otlpRequests.push({ headers: req.headers, serviceNames: batch.map((rs) => rs.resource['service.name']) });
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

/** A tracer built from `env` as a service's would be, with one finished, sampled segment (named as a service names it). */
async function traceOnce(env: Record<string, string>): Promise<string> {
  const endpoint = `http://127.0.0.1:${(otlp.address() as AddressInfo).port}/v1/traces`;
  const config = resolveTracingConfig(
    { serviceName: 'built', centralizedSampling: false, daemonAddress: collector.address, otlpEndpoint: endpoint },
    env,
  );
  tracer = buildTracer(config);
  const trace = tracer.startSegment({
    name: config.serviceName,
    trustSampling: true,
    incoming: { root: '1-6759f0a1-bd862e3fe1be46a994272793', sampled: '1' },
    sampleRequest: { serviceName: config.serviceName },
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

describe('buildTracer: the OTLP exporter as the OpenTelemetry variables configure it', () => {
  afterEach(() => jest.restoreAllMocks());

  it('OTEL_SERVICE_NAME names the service, OTEL_EXPORTER_OTLP_*HEADERS go with every request, bad entries are logged', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    otlpRequests.length = 0;
    const id = await traceOnce({
      OTEL_TRACES_EXPORTER: 'xray,otlp',
      OTEL_SERVICE_NAME: 'orders',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=general,x-tenant=acme%20corp,not-a-pair',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'X-Api-Key=for-traces',
    });
    expect(otlpRequests).toEqual([
      {
        headers: expect.objectContaining({
          'x-api-key': 'for-traces',
          'x-tenant': 'acme corp',
          'content-type': 'application/x-protobuf',
        }),
        serviceNames: ['orders'],
      },
    ]);
    await new Promise((r) => setTimeout(r, 100));
    expect(collector.segments.find((s) => s.id === id)?.name).toBe('orders');
    expect(warn).toHaveBeenCalledWith('OTEL_EXPORTER_OTLP_HEADERS: entry 3 is not key=value; skipped');
  });
});
