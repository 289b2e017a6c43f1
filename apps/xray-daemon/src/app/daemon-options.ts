import { type Env, parseFlags, UsageError } from '@cruddur/command-line';
import { type HostPort, parseHostPort } from './host-port';

/** Everything the daemon is started with, from flags and their environment equivalents. */
export interface DaemonOptions {
  /** UDP segment intake. */
  readonly udp: HostPort;
  /** HTTP: the X-Ray API, sampling, counters (and later the web UI). */
  readonly tcp: HostPort;
  readonly dataDir?: string;
  /** `aws xray create-sampling-rule --cli-input-json` files, loaded at start. */
  readonly samplingRuleFiles: readonly string[];
  /** Upstream daemon that receives a raw copy of every accepted datagram. */
  readonly forward?: HostPort;
  readonly maxTraces: number;
  readonly maxAgeSeconds: number;
  /** SO_RCVBUF asked for the UDP socket, in MB: what absorbs a burst while the daemon is busy. */
  readonly receiveBufferMb: number;
  /** The built trace viewer; undefined means next to the daemon's bundle (dist/apps/xray-viewer). */
  readonly uiDir?: string;
  /** OTLP/HTTP trace receiver (`POST /v1/traces`); undefined when turned off (`--otlp off`). */
  readonly otlp?: HostPort;
}

export type ParsedCommandLine = { readonly help: true } | { readonly help: false; readonly options: DaemonOptions };

const DEFAULT_ADDRESS: HostPort = { host: '127.0.0.1', port: 2000 };
// 4318: the standard OTLP/HTTP port, where OpenTelemetry exporters send by default.
const DEFAULT_OTLP_ADDRESS: HostPort = { host: '127.0.0.1', port: 4318 };
const DEFAULT_MAX_TRACES = 10_000;
const DEFAULT_MAX_AGE_SECONDS = 6 * 3600;
// At 40,000 segments/s a 4-8 MB buffer overflowed during GC pauses, 32 MB did not (docs/benchmarks.md).
const DEFAULT_RECEIVE_BUFFER_MB = 32;

export const USAGE = `Usage: xray-daemon [options]

A local AWS X-Ray daemon and backend: receives segments over UDP and OpenTelemetry spans over
OTLP/HTTP, stores traces, and serves the X-Ray API, sampling rules and targets over HTTP.

Options (environment equivalent in brackets):
  -b, --bind HOST:PORT        UDP address for segments (default 127.0.0.1:2000) [XRAY_DAEMON_BIND]
  -t, --bind-tcp HOST:PORT    HTTP address for the API (default 127.0.0.1:2000) [XRAY_DAEMON_BIND_TCP]
      --data-dir DIR          keep traces, groups and sampling rules across restarts [XRAY_DAEMON_DATA_DIR]
      --sampling-rules FILE   load a create-sampling-rule --cli-input-json file at start; repeatable
                              [XRAY_DAEMON_SAMPLING_RULES, comma-separated]
      --forward HOST:PORT     also send every accepted datagram to this upstream daemon [XRAY_DAEMON_FORWARD]
      --max-traces N          traces kept in memory (default ${DEFAULT_MAX_TRACES}) [XRAY_DAEMON_MAX_TRACES]
      --max-age SECONDS       drop traces older than this (default ${DEFAULT_MAX_AGE_SECONDS}) [XRAY_DAEMON_MAX_AGE]
      --receive-buffer MB     UDP receive buffer asked of the kernel (default ${DEFAULT_RECEIVE_BUFFER_MB}; Linux caps it at
                              net.core.rmem_max) [XRAY_DAEMON_RECEIVE_BUFFER]
      --otlp HOST:PORT|off    OTLP/HTTP traces receiver, POST /v1/traces, protobuf or JSON (default 127.0.0.1:4318)
                              [XRAY_DAEMON_OTLP]
      --ui-dir DIR            the built trace viewer served at / (default: dist/apps/xray-viewer) [XRAY_DAEMON_UI_DIR]
  -h, --help                  show this help
`;

function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function address(flag: string, value: string | undefined): HostPort | undefined {
  if (value === undefined) return undefined;
  const parsed = parseHostPort(value);
  if (parsed === undefined)
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not HOST:PORT (e.g. 127.0.0.1:2000)`);
  return parsed;
}

/** `--otlp`: an address, `off`, or the default when not given. */
function otlpAddress(value: string | undefined): HostPort | undefined {
  if (value?.toLowerCase() === 'off') return undefined;
  return address('--otlp', value) ?? DEFAULT_OTLP_ADDRESS;
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || !Number.isSafeInteger(n))
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a positive whole number`);
  return n;
}

/**
 * Reads the command line (flags as the AWS daemon spells them) with environment variables as
 * fallbacks; a flag wins over its variable. Throws UsageError for anything it cannot use.
 */
export function parseCommandLine(argv: readonly string[], env: Env = {}): ParsedCommandLine {
  const values = parseFlags(argv, {
    bind: { type: 'string', short: 'b' },
    'bind-tcp': { type: 'string', short: 't' },
    'data-dir': { type: 'string' },
    'sampling-rules': { type: 'string', multiple: true },
    forward: { type: 'string' },
    'max-traces': { type: 'string' },
    'max-age': { type: 'string' },
    'receive-buffer': { type: 'string' },
    'ui-dir': { type: 'string' },
    otlp: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const);
  if (values.help === true) return { help: true };
  const rulesFromEnv = envValue(env, 'XRAY_DAEMON_SAMPLING_RULES')
    ?.split(',')
    .map((file) => file.trim())
    .filter(Boolean);
  const dataDir = values['data-dir'] ?? envValue(env, 'XRAY_DAEMON_DATA_DIR');
  if (dataDir === '') throw new UsageError('--data-dir must not be empty');
  return {
    help: false,
    options: {
      udp: address('--bind', values.bind ?? envValue(env, 'XRAY_DAEMON_BIND')) ?? DEFAULT_ADDRESS,
      tcp: address('--bind-tcp', values['bind-tcp'] ?? envValue(env, 'XRAY_DAEMON_BIND_TCP')) ?? DEFAULT_ADDRESS,
      dataDir,
      samplingRuleFiles: values['sampling-rules'] ?? rulesFromEnv ?? [],
      forward: address('--forward', values.forward ?? envValue(env, 'XRAY_DAEMON_FORWARD')),
      maxTraces: positiveInteger(
        '--max-traces',
        values['max-traces'] ?? envValue(env, 'XRAY_DAEMON_MAX_TRACES'),
        DEFAULT_MAX_TRACES,
      ),
      maxAgeSeconds: positiveInteger(
        '--max-age',
        values['max-age'] ?? envValue(env, 'XRAY_DAEMON_MAX_AGE'),
        DEFAULT_MAX_AGE_SECONDS,
      ),
      receiveBufferMb: positiveInteger(
        '--receive-buffer',
        values['receive-buffer'] ?? envValue(env, 'XRAY_DAEMON_RECEIVE_BUFFER'),
        DEFAULT_RECEIVE_BUFFER_MB,
      ),
      uiDir: values['ui-dir'] ?? envValue(env, 'XRAY_DAEMON_UI_DIR'),
      otlp: otlpAddress(values.otlp ?? envValue(env, 'XRAY_DAEMON_OTLP')),
    },
  };
}
