import { createSocket } from 'node:dgram';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { XRayClient } from '@aws-sdk/client-xray';
import { freePort } from './free-port';
import { ServiceProcess } from './service-process';

/** The built daemon (test targets that use it depend on its build). */
export const DAEMON_SCRIPT = join(__dirname, '../../../dist/apps/xray-daemon/main.js');

/** The seed rule from aws/json/xray.json, read as the daemon's --sampling-rules would. */
export const SEED_RULE_FILE = join(__dirname, '../../../aws/json/xray.json');

/**
 * The AWS SDK's X-Ray client for a local daemon's API at `endpoint` (any credentials do; one
 * attempt, so a failure is the test's to see, not the SDK's to retry). A connection per request:
 * a kept-alive socket that sat idle near the server's 5 s keep-alive timeout can be reused just as
 * the server closes it, and with one attempt that "socket hang up" would fail the test (seen once
 * in the compose stack on a loaded machine, the daemon's container running throughout: Node's
 * client drops an idle socket 1 s before the server's announced timeout, by a timer that can run
 * late when the event loop is busy).
 */
export function localXRayClient(endpoint: string): XRayClient {
  return new XRayClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
  });
}

/** Counters as `GET /api/counters` returns them (the fields these tests read). */
export interface CountersBody {
  readonly ingest: {
    readonly received: number;
    readonly accepted: number;
    readonly rejected: number;
    readonly rejectedByReason: Record<string, number>;
    readonly stored: { traces: number; segments: number };
  };
  readonly udp: { readonly datagrams: number; readonly receiveBufferBytes: number };
  readonly http: { readonly forbidden: number };
  /** Absent when the daemon runs with `--otlp off`. */
  readonly otlp?: {
    readonly requests: number;
    readonly responses: Record<string, number>;
    readonly bytes: { readonly received: number; readonly decoded: number };
    readonly spans: {
      readonly received: number;
      readonly accepted: number;
      readonly rejected: number;
      readonly rejectedByReason: Record<string, number>;
    };
  };
}

/**
 * One daemon process on a free port (UDP and HTTP share the number, as with the AWS daemon), with
 * its OTLP/HTTP receiver on another free port (never the shared default 4318).
 */
export class DaemonUnderTest {
  readonly client: XRayClient;
  private readonly process: ServiceProcess;

  private constructor(
    readonly port: number,
    readonly otlpPort: number,
    env: Record<string, string>,
  ) {
    const otlp = { XRAY_DAEMON_OTLP: `127.0.0.1:${otlpPort}` };
    this.process = new ServiceProcess(
      'xray-daemon',
      DAEMON_SCRIPT,
      { XRAY_DAEMON_BIND: `127.0.0.1:${port}`, XRAY_DAEMON_BIND_TCP: `127.0.0.1:${port}`, ...otlp, ...env },
      port,
    );
    this.client = localXRayClient(this.url(''));
  }

  /** Starts a daemon; `env` takes the XRAY_DAEMON_* settings (the harness runs the script without arguments). */
  static async start(env: Record<string, string> = {}, port?: number): Promise<DaemonUnderTest> {
    const daemon = new DaemonUnderTest(port ?? (await freePort()), await freePort(), env);
    await daemon.process.start();
    return daemon;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The OTLP/HTTP traces endpoint. */
  get otlpUrl(): string {
    return `http://127.0.0.1:${this.otlpPort}/v1/traces`;
  }

  async counters(): Promise<CountersBody> {
    return (await (await fetch(this.url('/api/counters'))).json()) as CountersBody;
  }

  /** Sends raw datagrams to the UDP port. */
  async sendDatagrams(datagrams: readonly (string | Buffer)[]): Promise<void> {
    const socket = createSocket('udp4');
    for (const datagram of datagrams) {
      await new Promise<void>((resolve, reject) =>
        socket.send(datagram, this.port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
      );
    }
    socket.close();
  }

  logs(): string {
    return this.process.logs();
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  async stop(): Promise<void> {
    this.client.destroy();
    await this.process.stop();
  }

  /** SIGKILL: the daemon crashes without flushing anything. */
  async kill(): Promise<void> {
    this.client.destroy();
    await this.process.kill();
  }
}
