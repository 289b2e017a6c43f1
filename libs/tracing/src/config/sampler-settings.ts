import type { DaemonAddress } from './daemon-address';

/** The samplers by their `OTEL_TRACES_SAMPLER` names. */
export type SamplerName =
  | 'xray'
  | 'xray-sdk'
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

export const SAMPLER_NAMES: readonly SamplerName[] = [
  'xray',
  'xray-sdk',
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

/**
 * The default: our X-Ray centralized sampler. It decides as the X-Ray SDK's does (the same
 * tests pass with either), and without it `aws-xray-sdk-core` is never loaded.
 */
export const DEFAULT_SAMPLER: SamplerName = 'xray';

/** Which sampler decides the traces that start here, and its settings. */
export type SamplerSettings =
  | {
      name: 'xray';
      /** The sampling API: `http://<daemon TCP address>`, or the argument's `endpoint`. */
      endpoint: string;
      /** Between GetSamplingRules polls: the argument's `polling_interval` (seconds), default 300 s. */
      rulesIntervalMs: number;
    }
  | { name: 'xray-sdk' | 'always_on' | 'always_off' | 'parentbased_always_on' | 'parentbased_always_off' }
  | { name: 'traceidratio' | 'parentbased_traceidratio'; ratio: number };

type Env = Record<string, string | undefined>;

function ratioOf(arg: string | undefined, source: string, warnings: string[]): number {
  if (arg === undefined || arg.trim() === '') return 1;
  const ratio = Number(arg.trim());
  if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) return ratio;
  warnings.push(`${source}=${JSON.stringify(arg)} ignored: the ratio must be a number in 0..1; using 1.0`);
  return 1;
}

/** ADOT's argument for its X-Ray sampler: `endpoint=http://host:2000,polling_interval=300`. */
function xraySettings(arg: string | undefined, source: string, daemon: DaemonAddress, warnings: string[]) {
  const settings = {
    name: 'xray' as const,
    endpoint: `http://${daemon.tcp.host}:${daemon.tcp.port}`,
    rulesIntervalMs: 300_000,
  };
  for (const entry of (arg ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    const key = at < 0 ? entry : entry.slice(0, at).trim();
    const value = at < 0 ? '' : entry.slice(at + 1).trim();
    if (key === 'endpoint') {
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        url = undefined;
      }
      if (url && (url.protocol === 'http:' || url.protocol === 'https:')) settings.endpoint = url.origin;
      else warnings.push(`${source}: endpoint=${JSON.stringify(value)} ignored: use an http:// or https:// URL`);
    } else if (key === 'polling_interval') {
      const seconds = Number(value);
      // At most an hour: rules older than that are not trusted any more (and a timer's delay tops out at ~24 days).
      if (value !== '' && Number.isFinite(seconds) && seconds >= 1 && seconds <= 3600)
        settings.rulesIntervalMs = seconds * 1000;
      else warnings.push(`${source}: polling_interval=${JSON.stringify(value)} ignored: use seconds, 1 to 3600`);
    } else {
      warnings.push(`${source}: ${JSON.stringify(key)} ignored: the xray sampler takes endpoint and polling_interval`);
    }
  }
  return settings;
}

/**
 * The sampler from `OTEL_TRACES_SAMPLER` (which wins) or the option, else the default, with its
 * argument from `OTEL_TRACES_SAMPLER_ARG` or the option. An unknown name or a bad argument is
 * ignored with a warning, as OpenTelemetry's environment variables are specified: a typo must
 * not stop a service from starting (X-Ray's centralized sampling still decides).
 */
export function resolveSamplerSettings(
  env: Env,
  nameOption: string | undefined,
  argOption: string | undefined,
  daemon: DaemonAddress,
  warnings: string[],
): SamplerSettings {
  const envName = env.OTEL_TRACES_SAMPLER?.trim();
  const text = (envName || nameOption || DEFAULT_SAMPLER).trim().toLowerCase();
  const envArg = env.OTEL_TRACES_SAMPLER_ARG;
  // An argument given with a sampler chosen elsewhere would be read for the wrong sampler.
  const arg = envArg?.trim() ? envArg : envName ? undefined : argOption;
  const argSource = envArg?.trim() ? 'OTEL_TRACES_SAMPLER_ARG' : 'samplerArg option';
  const name = SAMPLER_NAMES.find((n) => n === text);
  if (!name) {
    warnings.push(
      `${envName ? 'OTEL_TRACES_SAMPLER' : 'sampler option'} ${JSON.stringify(text)} ignored: use one of ${SAMPLER_NAMES.join(', ')}; using ${DEFAULT_SAMPLER}`,
    );
    return xraySettings(undefined, argSource, daemon, warnings);
  }
  if (name === 'xray') return xraySettings(arg, argSource, daemon, warnings);
  if (name === 'traceidratio' || name === 'parentbased_traceidratio')
    return { name, ratio: ratioOf(arg, argSource, warnings) };
  if (arg?.trim()) warnings.push(`${argSource} ignored: the ${name} sampler takes no argument`);
  return { name };
}
