import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_MAX_BODY_BYTES, OtlpTraceReceiver, XRayApiRouter, XRayBackend } from '@cruddur/xray-backend';
import type { DaemonCounters } from './daemon-counters';
import { DaemonHttpServer } from './daemon-http-server';
import type { DaemonLog } from './daemon-log';
import type { DaemonOptions } from './daemon-options';
import { formatHostPort, isLoopbackHost } from './host-port';
import { OtlpHttpServer } from './otlp-http-server';
import { UdpForwarder } from './udp-forwarder';
import { type UdpCounters, UdpReceiver } from './udp-receiver';
import { staticWebUi } from './ui/static-web-ui';

/** A start-up problem the user can fix (bad rules file, unreadable data dir): one line, exit 1. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** Loads each `--sampling-rules` file into the backend (create, or update to the file's definition). */
async function loadSamplingRules(backend: XRayBackend, files: readonly string[], log: DaemonLog): Promise<void> {
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new StartupError(
        `--sampling-rules ${file}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read the file'}`,
      );
    }
    try {
      const record = await backend.changeRules((rules) => rules.loadCliInput(text));
      log.info(`sampling rule ${record.SamplingRule.RuleName} loaded from ${file}`);
    } catch (error) {
      throw new StartupError(`--sampling-rules ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * The daemon: the backend behind a UDP socket (segments in, optionally teed upstream) and an HTTP
 * server (X-Ray API, counters, web UI slot).
 */
export class XRayDaemon {
  private readonly startedAt = Date.now();
  private readonly udp: UdpReceiver;
  private readonly http: DaemonHttpServer;
  private readonly forwarder: UdpForwarder | undefined;
  private readonly otlp: { readonly receiver: OtlpTraceReceiver; readonly server: OtlpHttpServer } | undefined;

  private constructor(
    private readonly backend: XRayBackend,
    private readonly options: DaemonOptions,
    log: DaemonLog,
  ) {
    const forwarder = options.forward === undefined ? undefined : new UdpForwarder(options.forward);
    this.forwarder = forwarder;
    this.udp = new UdpReceiver(
      (datagram) => {
        if (backend.ingest.receiveDatagram(datagram).ok) forwarder?.send(datagram);
      },
      log.warn,
      options.receiveBufferMb * 1024 * 1024,
    );
    this.http = new DaemonHttpServer({
      router: new XRayApiRouter(backend, {
        maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
        onUnexpectedError: (error) => log.warn(`API bug: ${error instanceof Error ? error.stack : String(error)}`),
      }),
      counters: () => this.counters(),
      // The viewer's build lands next to ours: dist/apps/xray-viewer beside dist/apps/xray-daemon.
      webUi: staticWebUi(options.uiDir ?? join(__dirname, '../xray-viewer'), log.warn),
      loopbackOnly: isLoopbackHost(options.tcp.host),
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      warn: log.warn,
    });
    if (options.otlp !== undefined) {
      const receiver = new OtlpTraceReceiver(backend.ingest);
      this.otlp = { receiver, server: new OtlpHttpServer(receiver, isLoopbackHost(options.otlp.host), log.warn) };
    }
  }

  /** Opens the backend, loads the rule files, binds both sockets; undoes all of it on failure. */
  static async start(options: DaemonOptions, log: DaemonLog): Promise<XRayDaemon> {
    const { backend, replay } = await XRayBackend.open({
      maxTraces: options.maxTraces,
      maxAgeSeconds: options.maxAgeSeconds,
      dataDir: options.dataDir,
      warn: log.warn,
    }).catch((error: unknown) => {
      throw new StartupError(error instanceof Error ? error.message : String(error));
    });
    const daemon = new XRayDaemon(backend, options, log);
    try {
      await loadSamplingRules(backend, options.samplingRuleFiles, log);
      await daemon.udp.bind(options.udp);
      await daemon.http.listen(options.tcp);
      if (options.otlp !== undefined) await daemon.otlp?.server.listen(options.otlp);
    } catch (error) {
      await daemon.stop();
      throw error;
    }
    daemon.logStart(log, replay);
    return daemon;
  }

  counters(): DaemonCounters {
    const counters: DaemonCounters = {
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      ...this.backend.counters(),
      udp: this.udp.counters(),
      http: this.http.counters(),
    };
    return {
      ...counters,
      ...(this.otlp === undefined ? {} : { otlp: this.otlp.receiver.counters() }),
      ...(this.forwarder === undefined ? {} : { forward: this.forwarder.counters() }),
    };
  }

  /** Stops taking traffic, then flushes the segment log. */
  async stop(): Promise<void> {
    await Promise.all([this.udp.close(), this.http.close(), this.otlp?.server.close(), this.forwarder?.close()]);
    await this.backend.close();
  }

  private logStart(log: DaemonLog, replay: { replayed: number; skipped: number }): void {
    const { udp, tcp, otlp, dataDir, forward, maxTraces, maxAgeSeconds } = this.options;
    log.info(`segments: UDP ${formatHostPort(udp)}, ${describeReceiveBuffer(this.udp.counters())}`);
    log.info(
      isLoopbackHost(tcp.host)
        ? `API: http://${formatHostPort(tcp)} (loopback only: requests must say Host: localhost)`
        : `API: http://${formatHostPort(tcp)} WARNING: reachable from other machines, and the API has no authentication`,
    );
    if (otlp === undefined) log.info('OpenTelemetry: OTLP receiver off');
    else {
      const where = isLoopbackHost(otlp.host) ? '' : ' WARNING: reachable from other machines, without authentication';
      log.info(`OpenTelemetry: OTLP/HTTP http://${formatHostPort(otlp)}/v1/traces (protobuf or JSON)${where}`);
    }
    if (dataDir === undefined) log.info('data dir: none (traces, groups and rules are kept in memory only)');
    else
      log.info(
        `data dir: ${dataDir} (${replay.replayed} segments replayed, ${replay.skipped} unreadable lines skipped)`,
      );
    const { samplingRules, groups } = this.backend.counters();
    log.info(
      `keeping up to ${maxTraces} traces for ${maxAgeSeconds} s; ${samplingRules} sampling rules, ${groups} groups`,
    );
    if (forward !== undefined) log.info(`forwarding accepted datagrams to ${formatHostPort(forward)}`);
  }
}

/** The receive buffer as granted, and how to get more when the kernel capped it. */
function describeReceiveBuffer({ receiveBufferBytes, receiveBufferAskedBytes }: UdpCounters): string {
  // Linux reports double what it granted (the other half is its bookkeeping).
  const granted = process.platform === 'linux' ? receiveBufferBytes / 2 : receiveBufferBytes;
  const mb = (bytes: number) => `${Math.round((bytes / 1048576) * 10) / 10} MB`;
  if (granted >= receiveBufferAskedBytes) return `receive buffer ${mb(granted)}`;
  // Not a warning: the daemon works; the buffer only decides how long a burst it survives.
  return (
    `receive buffer ${mb(granted)} of the ${mb(receiveBufferAskedBytes)} asked` +
    (process.platform === 'linux'
      ? ` (net.core.rmem_max caps it; \`sysctl -w net.core.rmem_max=${receiveBufferAskedBytes}\` lifts the cap)`
      : '')
  );
}
