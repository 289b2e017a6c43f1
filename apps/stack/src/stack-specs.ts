import { join } from 'node:path';
import { DefaultPorts } from '@cruddur/contracts';
import { EnvReader } from '@cruddur/service-kit';
import type { ServiceSpec } from '@cruddur/stack-runner';

type Env = Record<string, string | undefined>;

/**
 * The processes of `npm start`, in start order (a service starts once the one it
 * calls is up). `distDir` is where the built apps live side by side.
 */
export function stackSpecs(env: Env, distDir: string): ServiceSpec[] {
  const read = new EnvReader(env);
  const host = read.host('STACK_HOST', '127.0.0.1');
  const ports = {
    gateway: read.port('GATEWAY_PORT', DefaultPorts.gateway),
    activities: read.port('ACTIVITIES_PORT', DefaultPorts.activities),
    notifications: read.port('NOTIFICATIONS_PORT', DefaultPorts.notifications),
  };
  read.done();
  const script = (app: string) => join(distDir, '..', app, 'main.js');
  return [
    {
      name: 'notifications',
      script: script('notifications'),
      host,
      port: ports.notifications,
      portEnv: 'NOTIFICATIONS_PORT',
      env: { HOST: host, PORT: String(ports.notifications) },
      url: `tcp://${host}:${ports.notifications}`,
    },
    {
      name: 'activities',
      script: script('activities'),
      host,
      port: ports.activities,
      portEnv: 'ACTIVITIES_PORT',
      env: { HOST: host, PORT: String(ports.activities), NOTIFICATIONS_HOST: host, NOTIFICATIONS_PORT: String(ports.notifications) },
      url: `tcp://${host}:${ports.activities}`,
    },
    {
      name: 'gateway',
      script: script('gateway'),
      host,
      port: ports.gateway,
      portEnv: 'GATEWAY_PORT',
      env: {
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
