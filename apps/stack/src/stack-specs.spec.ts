import { ConfigError } from '@cruddur/command-line';
import { stackSpecs } from './stack-specs';

describe('stackSpecs', () => {
  it('starts services before their callers, on the default ports, wired to each other', () => {
    const specs = stackSpecs({}, '/dist/apps/stack');
    expect(specs.map((s) => s.name)).toEqual(['xray-daemon', 'notifications', 'activities', 'gateway']);
    expect(specs.map((s) => s.port)).toEqual([2000, 4002, 4001, 4567]);
    expect(specs[3].script).toBe('/dist/apps/gateway/main.js');
    expect(specs[3].env).toMatchObject({ PORT: '4567', ACTIVITIES_PORT: '4001', NOTIFICATIONS_PORT: '4002' });
    expect(specs[2].env).toMatchObject({ PORT: '4001', NOTIFICATIONS_PORT: '4002' });
  });

  it('starts the X-Ray daemon first, on UDP and TCP, and points every service at it', () => {
    const [daemon, ...services] = stackSpecs({ XRAY_DAEMON_PORT: '2999' }, '/repo/dist/apps/stack');
    expect(daemon).toMatchObject({
      name: 'xray-daemon',
      port: 2999,
      udp: true,
      extraTcpPorts: [{ port: 4318, portEnv: 'XRAY_DAEMON_OTLP_PORT' }],
    });
    expect(daemon.env).toMatchObject({
      XRAY_DAEMON_BIND: '127.0.0.1:2999',
      XRAY_DAEMON_BIND_TCP: '127.0.0.1:2999',
      XRAY_DAEMON_OTLP: '127.0.0.1:4318',
      XRAY_DAEMON_DATA_DIR: '/repo/.xray-data',
      XRAY_DAEMON_SAMPLING_RULES: '/repo/aws/json/xray.json,/repo/aws/json/xray-health-checks.json',
    });
    for (const service of services) {
      expect(service.env.AWS_XRAY_DAEMON_ADDRESS).toBe('127.0.0.1:2999');
      expect(service.env.OTEL_SERVICE_NAME).toBe(service.name);
    }
    // Stopped after the services, which send it their last traces as they shut down.
    expect(daemon.stopsLast).toBe(true);
    expect(services.some((s) => s.stopsLast)).toBe(false);
  });

  it('points the services’ OTLP exporter at the daemon, unless the shell names an endpoint', () => {
    const [, ...services] = stackSpecs({ XRAY_DAEMON_OTLP_PORT: '14318' }, '/d/stack');
    for (const service of services) expect(service.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:14318');
    for (const own of [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' },
    ]) {
      for (const service of stackSpecs(own, '/d/stack').slice(1))
        expect(service.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    }
  });

  it('moves the OTLP port with XRAY_DAEMON_OTLP_PORT', () => {
    const [daemon] = stackSpecs({ XRAY_DAEMON_OTLP_PORT: '14318' }, '/d/stack');
    expect(daemon.env.XRAY_DAEMON_OTLP).toBe('127.0.0.1:14318');
    expect(daemon.url).toContain('http://127.0.0.1:14318/v1/traces');
  });

  it('moves every port with its env var, on both sides of each connection', () => {
    const specs = stackSpecs({ GATEWAY_PORT: '8080', ACTIVITIES_PORT: '5001', NOTIFICATIONS_PORT: '5002' }, '/d/stack');
    const gateway = specs.find((s) => s.name === 'gateway');
    expect(gateway?.env).toMatchObject({ PORT: '8080', ACTIVITIES_PORT: '5001', NOTIFICATIONS_PORT: '5002' });
    expect(gateway?.url).toBe('http://127.0.0.1:8080/api/activities/home');
  });

  it('rejects invalid ports, naming each', () => {
    expect(() => stackSpecs({ GATEWAY_PORT: 'x', ACTIVITIES_PORT: '70000' }, '/d')).toThrow(ConfigError);
    try {
      stackSpecs({ GATEWAY_PORT: 'x', ACTIVITIES_PORT: '70000' }, '/d');
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });
});
