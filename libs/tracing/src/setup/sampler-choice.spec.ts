import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveTracingConfig } from '../config/tracing-config';
import type { Tracer } from '../recorder/tracer';
import { InMemoryExporter } from '../testing/in-memory-exporter';
import type { TracingOptions } from '../tracing-options';

/**
 * The tracer `options` and `env` build in a fresh module registry (with the configured exporters
 * unless `exporter` is given), and whether aws-xray-sdk-core was loaded.
 */
function build(options: Partial<TracingOptions>, env: Record<string, string> = {}, exporter?: InMemoryExporter) {
  let sdkLoaded = false;
  let tracer: Tracer | undefined;
  jest.isolateModules(() => {
    jest.doMock('aws-xray-sdk-core', () => {
      sdkLoaded = true;
      return jest.requireActual('aws-xray-sdk-core');
    });
    const { buildTracer } = jest.requireActual<typeof import('./build-tracer')>('./build-tracer');
    tracer = buildTracer(
      resolveTracingConfig({ serviceName: 'chosen', centralizedSampling: false, ...options }, env),
      exporter,
    );
  });
  if (!tracer) throw new Error('no tracer built');
  return { tracer, sdkLoaded };
}

/** Sampled decisions of `n` traces started here (no upstream). */
function sampledOf(tracer: Tracer, n: number): number {
  let sampled = 0;
  for (let i = 0; i < n; i++) {
    const trace = tracer.startSegment({
      name: 'chosen',
      trustSampling: false,
      sampleRequest: { serviceName: 'chosen' },
    });
    if (trace.sampled) sampled++;
    tracer.finish(trace.segment, { kind: 'ok' });
  }
  return sampled;
}

afterEach(() => jest.dontMock('aws-xray-sdk-core'));

describe('buildTracer: the sampler OTEL_TRACES_SAMPLER names', () => {
  it.each([
    ['always_on', 50],
    ['parentbased_always_on', 50],
    ['always_off', 0],
    ['parentbased_always_off', 0],
  ])('%s', async (name, sampled) => {
    const { tracer } = build({}, { OTEL_TRACES_SAMPLER: name }, new InMemoryExporter());
    expect(sampledOf(tracer, 50)).toBe(sampled);
    await tracer.shutdown();
  });

  it.each([
    // [sampler, the trusted caller's decision, recorded here]
    ['always_off', '1', false],
    ['parentbased_always_off', '1', true],
    ['always_on', '0', true],
    ['parentbased_always_on', '0', false],
    ['xray', '1', true],
    ['xray', '0', false],
  ])(
    '%s under a trusted caller that said Sampled=%s: recorded %s, the caller’s trace continued',
    async (name, flag, recorded) => {
      const { tracer } = build({}, { OTEL_TRACES_SAMPLER: name }, new InMemoryExporter());
      const root = '1-5759e988-bd862e3fe1be46a994272793';
      const trace = tracer.startSegment({
        name: 'chosen',
        incoming: { root, parent: '53995c3f42cd8ad8', sampled: flag === '1' ? '1' : '0' },
        trustSampling: true,
        sampleRequest: { serviceName: 'chosen' },
      });
      expect([trace.traceId, trace.sampled]).toEqual([root, recorded]);
      tracer.finish(trace.segment, { kind: 'ok' });
      await tracer.shutdown();
    },
  );

  it('traceidratio samples about the ratio', async () => {
    const { tracer } = build(
      {},
      { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' },
      new InMemoryExporter(),
    );
    const sampled = sampledOf(tracer, 2000);
    expect(sampled).toBeGreaterThan(800);
    expect(sampled).toBeLessThan(1200);
    await tracer.shutdown();
  });

  it('xray: the local rules when centralized sampling is off (the default: 1 a second, then 5%)', async () => {
    const { tracer } = build({}, {}, new InMemoryExporter());
    // One from the reservoir; 5% of the other 999 is about 50.
    const sampled = sampledOf(tracer, 1000);
    expect(sampled).toBeGreaterThan(15);
    expect(sampled).toBeLessThan(100);
    await tracer.shutdown();
  });
});

describe('buildTracer: the X-Ray SDK stays out of the process unless its sampler is chosen', () => {
  const version = (JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as { version: string })
    .version;

  it.each([
    ['xray', 'otlp', true],
    ['xray', 'xray', true],
    ['xray', 'none', false],
    ['always_on', 'xray,otlp', true],
  ])('sampler %s, exporter %s (centralized %s): never loaded', async (sampler, exporters, centralized) => {
    const { tracer, sdkLoaded } = build(
      { centralizedSampling: centralized, daemonAddress: '127.0.0.1:9', otlpEndpoint: 'http://127.0.0.1:9/v1/traces' },
      { OTEL_TRACES_SAMPLER: sampler, OTEL_TRACES_EXPORTER: exporters },
    );
    await tracer.shutdown();
    expect(sdkLoaded).toBe(false);
  });

  it('segments then name @cruddur/tracing and its version as the recorder', async () => {
    const exporter = new InMemoryExporter();
    const { tracer } = build({}, {}, exporter);
    const trace = tracer.startSegment({
      name: 'chosen',
      trustSampling: true,
      incoming: { root: '1-6759f0a1-bd862e3fe1be46a994272793', sampled: '1' },
      sampleRequest: { serviceName: 'chosen' },
    });
    tracer.finish(trace.segment, { kind: 'ok' });
    await tracer.shutdown();
    expect(exporter.documents[0].aws).toEqual({
      xray: { sdk: '@cruddur/tracing', sdk_version: version, package: '@cruddur/tracing' },
    });
  });

  it('xray-sdk loads it, and segments name it', async () => {
    const exporter = new InMemoryExporter();
    const { tracer, sdkLoaded } = build({}, { OTEL_TRACES_SAMPLER: 'xray-sdk' }, exporter);
    expect(sdkLoaded).toBe(true);
    const trace = tracer.startSegment({
      name: 'chosen',
      trustSampling: false,
      sampleRequest: { serviceName: 'chosen' },
    });
    tracer.finish(trace.segment, { kind: 'ok' });
    await tracer.shutdown();
    expect(exporter.documents[0].aws).toMatchObject({ xray: { sdk: 'X-Ray for Node.js' } });
  });
});
