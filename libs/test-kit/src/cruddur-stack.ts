import { join } from 'node:path';
import { callsEnv, type ServiceName, startOrder } from '@cruddur/contracts';
import { freePort } from './free-port';
import { ServiceProcess } from './service-process';

const DIST = join(__dirname, '../../../dist/apps');

/**
 * The services of the topology (libs/contracts) from the built output on free loopback ports,
 * each told where the services it calls listen (test targets that use it depend on the builds
 * of gateway, activities and notifications).
 */
export class CruddurStack {
  readonly gateway: ServiceProcess;
  readonly activities: ServiceProcess;
  readonly notifications: ServiceProcess;

  private constructor(ports: Readonly<Record<ServiceName, number>>, extraEnv: Record<string, string>) {
    const serviceProcess = (name: ServiceName) =>
      new ServiceProcess(
        name,
        join(DIST, name, 'main.js'),
        { ...callsEnv(name, '127.0.0.1', ports), ...extraEnv, PORT: String(ports[name]) },
        ports[name],
      );
    this.notifications = serviceProcess('notifications');
    this.activities = serviceProcess('activities');
    this.gateway = serviceProcess('gateway');
  }

  /** `extraEnv` reaches every service; without AWS_XRAY_DAEMON_ADDRESS, segments go to a port nobody reads. */
  static async start(extraEnv: Record<string, string> = {}): Promise<CruddurStack> {
    if (!extraEnv.AWS_XRAY_DAEMON_ADDRESS)
      extraEnv = { ...extraEnv, AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${await freePort()}` };
    const ports = { gateway: await freePort(), activities: await freePort(), notifications: await freePort() };
    const stack = new CruddurStack(ports, extraEnv);
    try {
      await Promise.all(startOrder().map((name) => stack[name].start()));
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
