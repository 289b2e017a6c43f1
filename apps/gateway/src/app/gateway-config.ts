import { addressEnvOf, DefaultPorts } from '@cruddur/contracts';
import { EnvReader } from '@cruddur/command-line';

export interface GatewayConfig {
  host: string;
  port: number;
  activities: { host: string; port: number };
  notifications: { host: string; port: number };
  /** How long the gateway waits for a service before answering 503. */
  rpcTimeoutMs: number;
  /** Readiness probes wait at most this long per service. */
  healthTimeoutMs: number;
  /** Follow `Sampled=` of incoming requests. Off: the gateway is the edge and decides itself. */
  trustIncomingSampling: boolean;
}

/** Settings from env; every invalid value is reported at start-up. */
export function gatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const read = new EnvReader(env);
  const config: GatewayConfig = {
    host: read.host('HOST', '127.0.0.1'),
    port: read.port('PORT', DefaultPorts.gateway),
    activities: {
      host: read.host(addressEnvOf('activities').host, '127.0.0.1'),
      port: read.port(addressEnvOf('activities').port, DefaultPorts.activities),
    },
    notifications: {
      host: read.host(addressEnvOf('notifications').host, '127.0.0.1'),
      port: read.port(addressEnvOf('notifications').port, DefaultPorts.notifications),
    },
    rpcTimeoutMs: read.milliseconds('RPC_TIMEOUT_MS', 3000),
    healthTimeoutMs: read.milliseconds('HEALTH_TIMEOUT_MS', 1000),
    trustIncomingSampling: read.boolean('XRAY_TRUST_INCOMING_SAMPLING', false),
  };
  read.done();
  return config;
}
