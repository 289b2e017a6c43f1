import { DefaultPorts } from '@cruddur/contracts';
import { EnvReader } from '@cruddur/command-line';

export interface NotificationsConfig {
  host: string;
  port: number;
}

/** Settings from env; every invalid value is reported at start-up. */
export function notificationsConfig(env: Record<string, string | undefined> = process.env): NotificationsConfig {
  const read = new EnvReader(env);
  const config: NotificationsConfig = {
    host: read.host('HOST', '127.0.0.1'),
    port: read.port('PORT', DefaultPorts.notifications),
  };
  read.done();
  return config;
}
