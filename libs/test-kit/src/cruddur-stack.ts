import { join } from 'node:path';
import { freePort } from './free-port';
import { ServiceProcess } from './service-process';

const DIST = join(__dirname, '../../../dist/apps');

/**
 * The three services from the built output on free loopback ports, wired to each other
 * (test targets that use it depend on the builds of gateway, activities and notifications).
 */
export class CruddurStack {
  readonly gateway: ServiceProcess;
  readonly activities: ServiceProcess;
  readonly notifications: ServiceProcess;

  private constructor(ports: { gateway: number; activities: number; notifications: number }, extraEnv: Record<string, string>) {
    const wiring = {
      ACTIVITIES_HOST: '127.0.0.1',
      ACTIVITIES_PORT: String(ports.activities),
      NOTIFICATIONS_HOST: '127.0.0.1',
      NOTIFICATIONS_PORT: String(ports.notifications),
      ...extraEnv,
    };
    this.notifications = new ServiceProcess('notifications', join(DIST, 'notifications/main.js'), { ...wiring, PORT: String(ports.notifications) }, ports.notifications);
    this.activities = new ServiceProcess('activities', join(DIST, 'activities/main.js'), { ...wiring, PORT: String(ports.activities) }, ports.activities);
    this.gateway = new ServiceProcess('gateway', join(DIST, 'gateway/main.js'), { ...wiring, PORT: String(ports.gateway) }, ports.gateway);
  }

  /** `extraEnv` reaches every service; without AWS_XRAY_DAEMON_ADDRESS, segments go to a port nobody reads. */
  static async start(extraEnv: Record<string, string> = {}): Promise<CruddurStack> {
    if (!extraEnv.AWS_XRAY_DAEMON_ADDRESS) extraEnv = { ...extraEnv, AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${await freePort()}` };
    const stack = new CruddurStack(
      { gateway: await freePort(), activities: await freePort(), notifications: await freePort() },
      extraEnv,
    );
    try {
      await Promise.all([stack.notifications.start(), stack.activities.start(), stack.gateway.start()]);
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.gateway.port}${path}`;
  }

  async stop(): Promise<void> {
    await Promise.all([this.gateway.stop(), this.activities.stop(), this.notifications.stop()]);
  }
}
