import { request as httpRequest } from 'node:http';
import { CruddurStack, DaemonUnderTest } from '@cruddur/test-kit';
import { formatTraceHeader, newTraceId } from '@cruddur/xray-contracts';

/**
 * The built daemon (with the viewer) and the three services, on free loopback ports, every
 * service reporting to that daemon. The gateway follows the client's `Sampled=1`, so every
 * request sent with a new trace's `Sampled=1` header becomes a trace.
 */
export class TracedStack {
  private constructor(
    readonly daemon: DaemonUnderTest,
    readonly services: CruddurStack,
  ) {}

  static async start(): Promise<TracedStack> {
    const daemon = await DaemonUnderTest.start();
    try {
      const services = await CruddurStack.start({
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.port}`,
        XRAY_TRUST_INCOMING_SAMPLING: 'true',
      });
      return new TracedStack(daemon, services);
    } catch (error) {
      await daemon.stop();
      throw error;
    }
  }

  /** The viewer's address: Host must be a loopback name (the daemon refuses others). */
  viewerUrl(hash = ''): string {
    return `http://localhost:${this.daemon.port}/${hash}`;
  }

  /** Sends one traced request through the gateway. */
  async request(path: string, init: { method?: string; body?: unknown } = {}): Promise<number> {
    const response = await fetch(this.services.url(path), {
      method: init.method ?? 'GET',
      headers: {
        'X-Amzn-Trace-Id': formatTraceHeader({ root: newTraceId(), sampled: '1' }),
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    await response.arrayBuffer();
    return response.status;
  }

  /**
   * Sends a GET whose path goes on the wire as written (fetch would percent-encode `<` and `>`),
   * as a hand-made client or an attacker could.
   */
  rawRequest(path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port: this.services.gateway.port,
          path,
          headers: { 'X-Amzn-Trace-Id': formatTraceHeader({ root: newTraceId(), sampled: '1' }) },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      request.on('error', reject);
      request.end();
    });
  }

  /** Calls the daemon's X-Ray API directly. */
  async api<T>(operation: string, body: object): Promise<{ status: number; body: T }> {
    const response = await fetch(this.daemon.url(`/${operation}`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async stop(): Promise<void> {
    await this.services.stop();
    await this.daemon.stop();
  }
}
