import { resolveTracingConfig } from './tracing-config';

describe('resolveTracingConfig', () => {
  it('applies defaults from the options alone', () => {
    const config = resolveTracingConfig({ serviceName: 'gateway' }, {});
    expect(config).toMatchObject({
      serviceName: 'gateway',
      enabled: true,
      daemon: { udp: { host: '127.0.0.1', port: 2000 }, tcp: { host: '127.0.0.1', port: 2000 } },
      daemonFromEnv: false,
      contextMissing: 'LOG_ERROR',
      samplingRules: [],
      trustIncomingSampling: true,
      centralizedSampling: true,
    });
    expect(config.dynamicNaming).toBeUndefined();
  });

  it('lets env win over every option it names', () => {
    const config = resolveTracingConfig(
      {
        serviceName: 'gateway',
        daemonAddress: 'a:1',
        contextMissing: 'LOG_ERROR',
        enabled: true,
        dynamicNaming: '*.example.com',
      },
      {
        AWS_XRAY_TRACING_NAME: ' edge ',
        AWS_XRAY_DAEMON_ADDRESS: 'tcp:b:2 udp:c:3',
        AWS_XRAY_CONTEXT_MISSING: 'RUNTIME_ERROR',
        AWS_XRAY_SDK_ENABLED: 'FALSE',
        AWS_XRAY_URL: '*.cruddur.com',
      },
    );
    expect(config).toMatchObject({
      serviceName: 'edge',
      enabled: false,
      daemon: { udp: { host: 'c', port: 3 }, tcp: { host: 'b', port: 2 } },
      daemonFromEnv: true,
      contextMissing: 'RUNTIME_ERROR',
    });
    expect(config.dynamicNaming?.test('api.cruddur.com')).toBe(true);
    expect(config.dynamicNaming?.test('api.example.com')).toBe(false);
  });

  it('keeps the options when env values are blank', () => {
    const config = resolveTracingConfig(
      { serviceName: 'gateway', daemonAddress: 'a:1', enabled: false, dynamicNaming: 'API.?.com' },
      { AWS_XRAY_TRACING_NAME: ' ', AWS_XRAY_DAEMON_ADDRESS: '', AWS_XRAY_SDK_ENABLED: '' },
    );
    expect(config).toMatchObject({
      serviceName: 'gateway',
      enabled: false,
      daemon: { udp: { host: 'a', port: 1 } },
      daemonFromEnv: false,
    });
    expect(config.dynamicNaming?.test('api.x.com')).toBe(true);
    expect(config.dynamicNaming?.test('api.xy.com')).toBe(false);
    expect(config.dynamicNaming?.test('apiXxYcom')).toBe(false);
  });

  it('reports every problem at once', () => {
    const attempt = () =>
      resolveTracingConfig(
        { serviceName: '' },
        { AWS_XRAY_DAEMON_ADDRESS: 'nowhere', AWS_XRAY_CONTEXT_MISSING: 'log_error', AWS_XRAY_SDK_ENABLED: 'yes' },
      );
    expect(attempt).toThrow(
      [
        'Invalid tracing configuration:',
        '  - service name must be 1-200 characters (AWS_XRAY_TRACING_NAME, OTEL_SERVICE_NAME or the option)',
        '  - AWS_XRAY_SDK_ENABLED="yes" must be true or false',
        '  - invalid X-Ray daemon address "nowhere": use "host:port" or "udp:host:port tcp:host:port" (AWS_XRAY_DAEMON_ADDRESS)',
        '  - AWS_XRAY_CONTEXT_MISSING must be one of LOG_ERROR, IGNORE_ERROR, RUNTIME_ERROR',
      ].join('\n'),
    );
  });

  it('OTEL_SERVICE_NAME names the service over the option; AWS_XRAY_TRACING_NAME wins over both, with a warning when they differ', () => {
    const named = (env: Record<string, string>) => resolveTracingConfig({ serviceName: 'gateway' }, env);
    expect(named({ OTEL_SERVICE_NAME: ' edge ' })).toMatchObject({ serviceName: 'edge', warnings: [] });
    expect(named({ OTEL_SERVICE_NAME: ' ' }).serviceName).toBe('gateway');
    expect(named({ OTEL_SERVICE_NAME: 'edge', AWS_XRAY_TRACING_NAME: 'edge' })).toMatchObject({
      serviceName: 'edge',
      warnings: [],
    });
    expect(named({ OTEL_SERVICE_NAME: 'otel', AWS_XRAY_TRACING_NAME: 'xray' })).toMatchObject({
      serviceName: 'xray',
      warnings: ['OTEL_SERVICE_NAME="otel" ignored: AWS_XRAY_TRACING_NAME="xray" names the service'],
    });
    expect(() => resolveTracingConfig({ serviceName: 'g' }, { OTEL_SERVICE_NAME: 'x'.repeat(201) })).toThrow(
      /service name must be 1-200/,
    );
  });

  it('rejects a service name over 200 characters and a bad address given as an option', () => {
    expect(() => resolveTracingConfig({ serviceName: 'x'.repeat(201), daemonAddress: 'a b c' }, {})).toThrow(
      /service name must be 1-200[\s\S]*daemon address "a b c"/,
    );
    expect(resolveTracingConfig({ serviceName: 'x'.repeat(200) }, {}).serviceName).toHaveLength(200);
  });

  it('propagates both headers by default; OTEL_PROPAGATORS (or the option) chooses, env winning', () => {
    expect(resolveTracingConfig({ serviceName: 'g' }, {}).propagators).toEqual(['tracecontext', 'xray']);
    expect(resolveTracingConfig({ serviceName: 'g', propagators: ['xray'] }, {}).propagators).toEqual(['xray']);
    expect(resolveTracingConfig({ serviceName: 'g', propagators: [] }, {}).propagators).toEqual([]);
    expect(
      resolveTracingConfig({ serviceName: 'g', propagators: ['xray'] }, { OTEL_PROPAGATORS: 'tracecontext' })
        .propagators,
    ).toEqual(['tracecontext']);
    expect(resolveTracingConfig({ serviceName: 'g' }, { OTEL_PROPAGATORS: ' ' }).propagators).toEqual([
      'tracecontext',
      'xray',
    ]);
  });

  it('refuses unknown propagators, from env or option, naming the accepted ones', () => {
    expect(() => resolveTracingConfig({ serviceName: 'g' }, { OTEL_PROPAGATORS: 'tracecontext,b3' })).toThrow(
      '  - OTEL_PROPAGATORS "tracecontext,b3": use a comma-separated list of xray, tracecontext, or none (unknown: b3)',
    );
    expect(() => resolveTracingConfig({ serviceName: 'g', propagators: ['jaeger' as 'xray'] }, {})).toThrow(
      /propagators option "jaeger"/,
    );
  });

  it('exports to the daemon over UDP by default; OTEL_TRACES_EXPORTER (or the option) chooses, env winning', () => {
    expect(resolveTracingConfig({ serviceName: 'g' }, {}).exporters).toEqual(['xray']);
    expect(resolveTracingConfig({ serviceName: 'g', exporters: ['otlp'] }, {}).exporters).toEqual(['otlp']);
    expect(
      resolveTracingConfig({ serviceName: 'g', exporters: ['otlp'] }, { OTEL_TRACES_EXPORTER: 'xray, OTLP' }).exporters,
    ).toEqual(['xray', 'otlp']);
    expect(resolveTracingConfig({ serviceName: 'g' }, { OTEL_TRACES_EXPORTER: 'none' }).exporters).toEqual([]);
    expect(() => resolveTracingConfig({ serviceName: 'g' }, { OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(
      'OTEL_TRACES_EXPORTER "zipkin": use a comma-separated list of xray, otlp, or none (unknown: zipkin)',
    );
  });

  it('finds the OTLP endpoint as the OpenTelemetry variables say', () => {
    const endpoint = (env: Record<string, string>, option?: string) =>
      resolveTracingConfig({ serviceName: 'g', otlpEndpoint: option }, env).otlp.endpoint;
    expect(endpoint({})).toBe('http://localhost:4318/v1/traces');
    expect(endpoint({}, 'http://collector:4318/v1/traces')).toBe('http://collector:4318/v1/traces');
    expect(endpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://agent:4318/' }, 'http://x/v1/traces')).toBe(
      'http://agent:4318/v1/traces',
    );
    expect(
      endpoint({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://agent:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://xray.example/custom',
      }),
    ).toBe('https://xray.example/custom');
    expect(resolveTracingConfig({ serviceName: 'g' }, {}).otlp).toEqual({
      endpoint: 'http://localhost:4318/v1/traces',
      scheduleDelayMs: 1000,
      maxQueueSize: 2048,
      maxBatchSize: 512,
      timeoutMs: 10_000,
      headers: {},
    });
    expect(
      resolveTracingConfig({ serviceName: 'g' }, { OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_EXPORTER_OTLP_TIMEOUT: '500' })
        .otlp,
    ).toMatchObject({ scheduleDelayMs: 200, timeoutMs: 500 });
  });

  it('OTLP headers from OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TRACES_HEADERS winning per header; bad entries warned and skipped', () => {
    const config = resolveTracingConfig(
      { serviceName: 'g' },
      {
        OTEL_EXPORTER_OTLP_HEADERS: 'api-key=general,x-tenant=acme,oops',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'API-Key=traces%21',
      },
    );
    expect(config.otlp.headers).toEqual({ 'api-key': 'traces!', 'x-tenant': 'acme' });
    expect(config.warnings).toEqual(['OTEL_EXPORTER_OTLP_HEADERS: entry 3 is not key=value; skipped']);
  });

  it('refuses a bad OTLP endpoint or batch setting', () => {
    expect(() =>
      resolveTracingConfig(
        { serviceName: 'g' },
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'agent:4318', OTEL_BSP_MAX_QUEUE_SIZE: '-1' },
      ),
    ).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT="agent:4318\/v1\/traces" must be an http:\/\/ or https:\/\/ URL[\s\S]*OTEL_BSP_MAX_QUEUE_SIZE="-1" must be a positive integer/,
    );
    expect(() => resolveTracingConfig({ serviceName: 'g' }, { OTEL_BSP_MAX_QUEUE_SIZE: '10' })).toThrow(
      /must not exceed OTEL_BSP_MAX_QUEUE_SIZE/,
    );
  });
});
