import type { TracingOptions } from '../tracing-options';
import { resolveTracingConfig } from './tracing-config';

const resolve = (env: Record<string, string>, options: Partial<TracingOptions> = {}) =>
  resolveTracingConfig({ serviceName: 'gateway', daemonAddress: 'tcp:daemon:2000 udp:daemon:2001', ...options }, env);

describe('the sampler setting', () => {
  it('defaults to our X-Ray sampler at the daemon TCP address, polling rules every 300 s', () => {
    expect(resolve({}).sampler).toEqual({ name: 'xray', endpoint: 'http://daemon:2000', rulesIntervalMs: 300_000 });
  });

  it("reads ADOT's argument for xray: endpoint and polling_interval", () => {
    const config = resolve({
      OTEL_TRACES_SAMPLER: 'xray',
      OTEL_TRACES_SAMPLER_ARG: 'endpoint=http://collector:2000/,polling_interval=60',
    });
    expect(config.sampler).toEqual({ name: 'xray', endpoint: 'http://collector:2000', rulesIntervalMs: 60_000 });
    expect(config.warnings).toEqual([]);
  });

  it.each([
    ['always_on', undefined, { name: 'always_on' }],
    ['ALWAYS_OFF', undefined, { name: 'always_off' }],
    ['parentbased_always_on', undefined, { name: 'parentbased_always_on' }],
    ['parentbased_always_off', undefined, { name: 'parentbased_always_off' }],
    ['traceidratio', '0.25', { name: 'traceidratio', ratio: 0.25 }],
    ['traceidratio', undefined, { name: 'traceidratio', ratio: 1 }],
    ['parentbased_traceidratio', '0', { name: 'parentbased_traceidratio', ratio: 0 }],
    ['xray-sdk', undefined, { name: 'xray-sdk' }],
  ])('OTEL_TRACES_SAMPLER=%s (arg %s)', (name, arg, expected) => {
    const config = resolve({
      OTEL_TRACES_SAMPLER: name,
      ...(arg === undefined ? {} : { OTEL_TRACES_SAMPLER_ARG: arg }),
    });
    expect(config.sampler).toEqual(expected);
    expect(config.warnings).toEqual([]);
  });

  it('takes the option when the environment names no sampler; the environment wins', () => {
    expect(resolve({}, { sampler: 'traceidratio', samplerArg: '0.5' }).sampler).toEqual({
      name: 'traceidratio',
      ratio: 0.5,
    });
    // The option's argument is not read for a sampler the environment chose.
    expect(
      resolve({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio' }, { sampler: 'xray', samplerArg: '0.5' }).sampler,
    ).toEqual({ name: 'parentbased_traceidratio', ratio: 1 });
  });

  it('ignores a bad argument or an unknown sampler with a warning', () => {
    expect(resolve({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' })).toMatchObject({
      sampler: { name: 'traceidratio', ratio: 1 },
      warnings: ['OTEL_TRACES_SAMPLER_ARG="1.5" ignored: the ratio must be a number in 0..1; using 1.0'],
    });
    expect(
      resolve({ OTEL_TRACES_SAMPLER: 'xray', OTEL_TRACES_SAMPLER_ARG: 'endpoint=ftp://x,polling_interval=0,rate=2' }),
    ).toMatchObject({
      sampler: { name: 'xray', endpoint: 'http://daemon:2000', rulesIntervalMs: 300_000 },
      warnings: [
        'OTEL_TRACES_SAMPLER_ARG: endpoint="ftp://x" ignored: use an http:// or https:// URL',
        'OTEL_TRACES_SAMPLER_ARG: polling_interval="0" ignored: use seconds, 1 to 3600',
        'OTEL_TRACES_SAMPLER_ARG: "rate" ignored: the xray sampler takes endpoint and polling_interval',
      ],
    });
    expect(resolve({ OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: '0.1' }).warnings).toEqual([
      'OTEL_TRACES_SAMPLER_ARG ignored: the always_on sampler takes no argument',
    ]);
    expect(resolve({ OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toMatchObject({
      sampler: { name: 'xray' },
      warnings: [
        'OTEL_TRACES_SAMPLER "jaeger_remote" ignored: use one of xray, xray-sdk, always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio; using xray',
      ],
    });
    expect(
      resolve({ OTEL_TRACES_SAMPLER: 'xray', OTEL_TRACES_SAMPLER_ARG: 'polling_interval=86400000' }).warnings,
    ).toEqual(['OTEL_TRACES_SAMPLER_ARG: polling_interval="86400000" ignored: use seconds, 1 to 3600']);
  });
});
