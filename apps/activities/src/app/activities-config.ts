import { addressEnvOf, DefaultPorts } from '@cruddur/contracts';
import { EnvReader } from '@cruddur/command-line';

export interface ActivitiesConfig {
  host: string;
  port: number;
  notificationsHost: string;
  notificationsPort: number;
  eventTimeoutMs: number;
}

/** Settings from env; every invalid value is reported at start-up. */
export function activitiesConfig(env: Record<string, string | undefined> = process.env): ActivitiesConfig {
  const read = new EnvReader(env);
  const config: ActivitiesConfig = {
    host: read.host('HOST', '127.0.0.1'),
    port: read.port('PORT', DefaultPorts.activities),
    notificationsHost: read.host(addressEnvOf('notifications').host, '127.0.0.1'),
    notificationsPort: read.port(addressEnvOf('notifications').port, DefaultPorts.notifications),
    eventTimeoutMs: read.milliseconds('RPC_TIMEOUT_MS', 3000),
  };
  read.done();
  return config;
}
