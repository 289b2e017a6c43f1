/** The exporters by their `OTEL_TRACES_EXPORTER` names. */
export type ExporterName = 'xray' | 'otlp';

export const EXPORTER_NAMES: readonly ExporterName[] = ['xray', 'otlp'];

/** How the `otlp` exporter sends: where, and how it batches (OpenTelemetry's batch span processor settings). */
export interface OtlpSettings {
  /** The full `/v1/traces` URL. */
  endpoint: string;
  /** Longest a finished segment waits before its batch is sent. */
  scheduleDelayMs: number;
  /** Segments waiting at most; more are dropped (counted and logged), never blocking a request. */
  maxQueueSize: number;
  /** Segments per request at most. */
  maxBatchSize: number;
  /** Deadline of one export request. */
  timeoutMs: number;
  /** Added to every export request (lowercase names), e.g. a collector's API key. */
  headers: Readonly<Record<string, string>>;
}

type Env = Record<string, string | undefined>;

import { parseOtlpHeaders } from './otlp-headers';

/** OTLP/HTTP's standard default: the local collector (or daemon) on 4318. */
const DEFAULT_BASE = 'http://localhost:4318';

function checkedUrl(text: string, name: string, problems: string[]): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // reported below
  }
  problems.push(`${name}=${JSON.stringify(text)} must be an http:// or https:// URL`);
  return `${DEFAULT_BASE}/v1/traces`;
}

function positiveInteger(env: Env, name: string, fallback: number, problems: string[]): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (Number.isInteger(value) && value > 0) return value;
  problems.push(`${name}=${JSON.stringify(env[name])} must be a positive integer`);
  return fallback;
}

/**
 * The `otlp` exporter's settings from the standard variables: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`
 * (used as is), else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, else the option, else
 * http://localhost:4318/v1/traces; `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT`/`OTEL_EXPORTER_OTLP_TIMEOUT`
 * (10 s), `OTEL_BSP_*` for batching, and headers from `OTEL_EXPORTER_OTLP_HEADERS` with
 * `OTEL_EXPORTER_OTLP_TRACES_HEADERS` winning per header. The schedule delay defaults to 1 s
 * rather than the specification's 5 s, so traces show in the local daemon about as soon as over
 * UDP. Bad settings go to `problems` (the service does not start); bad header entries are
 * skipped and go to `warnings`.
 */
export function resolveOtlpSettings(
  env: Env,
  endpointOption: string | undefined,
  problems: string[],
  warnings: string[],
): OtlpSettings {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  let endpoint: string;
  if (traces) endpoint = checkedUrl(traces, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', problems);
  else if (base)
    endpoint = checkedUrl(`${base.replace(/\/+$/, '')}/v1/traces`, 'OTEL_EXPORTER_OTLP_ENDPOINT', problems);
  else endpoint = checkedUrl(endpointOption ?? `${DEFAULT_BASE}/v1/traces`, 'otlpEndpoint option', problems);
  const timeoutName = env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT?.trim()
    ? 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT'
    : 'OTEL_EXPORTER_OTLP_TIMEOUT';
  const settings: OtlpSettings = {
    endpoint,
    scheduleDelayMs: positiveInteger(env, 'OTEL_BSP_SCHEDULE_DELAY', 1000, problems),
    maxQueueSize: positiveInteger(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048, problems),
    maxBatchSize: positiveInteger(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, problems),
    timeoutMs: positiveInteger(env, timeoutName, 10_000, problems),
    headers: Object.fromEntries([
      ...parseOtlpHeaders('OTEL_EXPORTER_OTLP_HEADERS', env.OTEL_EXPORTER_OTLP_HEADERS, warnings),
      ...parseOtlpHeaders('OTEL_EXPORTER_OTLP_TRACES_HEADERS', env.OTEL_EXPORTER_OTLP_TRACES_HEADERS, warnings),
    ]),
  };
  if (settings.maxBatchSize > settings.maxQueueSize)
    problems.push(
      `OTEL_BSP_MAX_EXPORT_BATCH_SIZE (${settings.maxBatchSize}) must not exceed OTEL_BSP_MAX_QUEUE_SIZE (${settings.maxQueueSize})`,
    );
  return settings;
}
