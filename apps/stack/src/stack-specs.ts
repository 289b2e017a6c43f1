import { join } from 'node:path';
import { DefaultPorts } from '@cruddur/contracts';
import { type Env, EnvReader } from '@cruddur/command-line';
import type { ServiceSpec } from '@cruddur/stack-runner';

/**
 * The processes of `npm start`, in start order: the X-Ray daemon first, then each service
 * once the one it calls is up. `distDir` is where the built apps live side by side.
 */
export function stackSpecs(env: Env, distDir: string): ServiceSpec[] {
  const read = new EnvReader(env);
  const host = read.host('STACK_HOST', '127.0.0.1');
  const ports = {
    daemon: read.port('XRAY_DAEMON_PORT', DefaultPorts.xrayDaemon),
    otlp: read.port('XRAY_DAEMON_OTLP_PORT', DefaultPorts.otlp),
    gateway: read.port('GATEWAY_PORT', DefaultPorts.gateway),
    activities: read.port('ACTIVITIES_PORT', DefaultPorts.activities),
    notifications: read.port('NOTIFICATIONS_PORT', DefaultPorts.notifications),
  };
  read.done();
  const script = (app: string) => join(distDir, '..', app, 'main.js');
  const repoRoot = join(distDir, '..', '..', '..');
  const daemonAddress = `${host}:${ports.daemon}`;
  // With OTEL_TRACES_EXPORTER=otlp the services export to the daemon's OTLP port, unless the
  // shell names another endpoint (the runner puts these over the shell's own variables).
  const ownOtlpEndpoint = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
  const tracing = {
    AWS_XRAY_DAEMON_ADDRESS: daemonAddress,
    ...(ownOtlpEndpoint ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: `http://${host}:${ports.otlp}` }),
  };
  return [
    {
      name: 'xray-daemon',
      script: script('xray-daemon'),
      host,
      port: ports.daemon,
      portEnv: 'XRAY_DAEMON_PORT',
      udp: true,
      extraTcpPorts: [{ port: ports.otlp, portEnv: 'XRAY_DAEMON_OTLP_PORT' }],
      env: {
        XRAY_DAEMON_BIND: daemonAddress,
        XRAY_DAEMON_BIND_TCP: daemonAddress,
        XRAY_DAEMON_OTLP: `${host}:${ports.otlp}`,
        // Traces, groups and rules survive restarts of the stack.
        XRAY_DAEMON_DATA_DIR: env.XRAY_DAEMON_DATA_DIR ?? join(repoRoot, '.xray-data'),
        XRAY_DAEMON_SAMPLING_RULES: ['xray.json', 'xray-health-checks.json'].map((file) => join(repoRoot, 'aws', 'json', file)).join(','),
      },
      url: `http://${daemonAddress}/  (traces and service map; segments on udp ${daemonAddress}; OpenTelemetry OTLP/HTTP http://${host}:${ports.otlp}/v1/traces)`,
    },
    {
      name: 'notifications',
      script: script('notifications'),
      host,
      port: ports.notifications,
      portEnv: 'NOTIFICATIONS_PORT',
      env: { ...tracing, HOST: host, PORT: String(ports.notifications) },
      url: `tcp://${host}:${ports.notifications}`,
    },
    {
      name: 'activities',
      script: script('activities'),
      host,
      port: ports.activities,
      portEnv: 'ACTIVITIES_PORT',
      env: { ...tracing, HOST: host, PORT: String(ports.activities), NOTIFICATIONS_HOST: host, NOTIFICATIONS_PORT: String(ports.notifications) },
      url: `tcp://${host}:${ports.activities}`,
    },
    {
      name: 'gateway',
      script: script('gateway'),
      host,
      port: ports.gateway,
      portEnv: 'GATEWAY_PORT',
      env: {
        ...tracing,
        HOST: host,
        PORT: String(ports.gateway),
        ACTIVITIES_HOST: host,
        ACTIVITIES_PORT: String(ports.activities),
        NOTIFICATIONS_HOST: host,
        NOTIFICATIONS_PORT: String(ports.notifications),
      },
      url: `http://${host}:${ports.gateway}/api/activities/home`,
    },
  ];
}
