import { join } from 'node:path';
import { addressEnvOf, callsEnv, DefaultPorts, type ServiceName, startOrder, Topology } from '@cruddur/contracts';
import { type Env, EnvReader } from '@cruddur/command-line';
import type { ServiceSpec } from '@cruddur/stack-runner';

/** What the banner shows for an HTTP service: a page that answers. */
const BANNER_PATHS: Partial<Record<ServiceName, string>> = { gateway: '/api/activities/home' };

/**
 * The processes of `npm start`, in start order: the X-Ray daemon first, then each service of the
 * topology (libs/contracts) once the ones it calls are up. `distDir` is where the built apps live
 * side by side.
 */
export function stackSpecs(env: Env, distDir: string): ServiceSpec[] {
  const read = new EnvReader(env);
  const host = read.host('STACK_HOST', '127.0.0.1');
  const daemonPort = read.port('XRAY_DAEMON_PORT', DefaultPorts.xrayDaemon);
  const otlpPort = read.port('XRAY_DAEMON_OTLP_PORT', DefaultPorts.otlp);
  const services = startOrder();
  const ports = Object.fromEntries(
    services.map((name) => [name, read.port(addressEnvOf(name).port, Topology[name].defaultPort)]),
  ) as Record<ServiceName, number>;
  read.done();
  const script = (app: string) => join(distDir, '..', app, 'main.js');
  const repoRoot = join(distDir, '..', '..', '..');
  const daemonAddress = `${host}:${daemonPort}`;
  // With OTEL_TRACES_EXPORTER=otlp the services export to the daemon's OTLP port, unless the
  // shell names another endpoint (the runner puts these over the shell's own variables).
  const ownOtlpEndpoint = Boolean(
    env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim(),
  );
  const tracing = {
    AWS_XRAY_DAEMON_ADDRESS: daemonAddress,
    ...(ownOtlpEndpoint ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: `http://${host}:${otlpPort}` }),
  };
  return [
    {
      name: 'xray-daemon',
      script: script('xray-daemon'),
      host,
      port: daemonPort,
      portEnv: 'XRAY_DAEMON_PORT',
      udp: true,
      // The services send their last traces as they shut down: the daemon goes after them.
      stopsLast: true,
      extraTcpPorts: [{ port: otlpPort, portEnv: 'XRAY_DAEMON_OTLP_PORT' }],
      env: {
        XRAY_DAEMON_BIND: daemonAddress,
        XRAY_DAEMON_BIND_TCP: daemonAddress,
        XRAY_DAEMON_OTLP: `${host}:${otlpPort}`,
        // Traces, groups and rules survive restarts of the stack.
        XRAY_DAEMON_DATA_DIR: env.XRAY_DAEMON_DATA_DIR ?? join(repoRoot, '.xray-data'),
        XRAY_DAEMON_SAMPLING_RULES: ['xray.json', 'xray-health-checks.json']
          .map((file) => join(repoRoot, 'aws', 'json', file))
          .join(','),
      },
      url: `http://${daemonAddress}/  (traces and service map; segments on udp ${daemonAddress}; OpenTelemetry OTLP/HTTP http://${host}:${otlpPort}/v1/traces)`,
    },
    ...services.map((name) => {
      const port = ports[name];
      return {
        name,
        script: script(name),
        host,
        port,
        portEnv: addressEnvOf(name).port,
        env: {
          ...tracing,
          // Each service under its own name: an OTEL_SERVICE_NAME in the shell (meant for one
          // service) would otherwise name them all alike.
          OTEL_SERVICE_NAME: name,
          HOST: host,
          PORT: String(port),
          ...callsEnv(name, host, ports),
        },
        url:
          Topology[name].transport === 'http'
            ? `http://${host}:${port}${BANNER_PATHS[name] ?? '/'}`
            : `tcp://${host}:${port}`,
      };
    }),
  ];
}
