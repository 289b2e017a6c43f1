import { type SamplingRuleInput, type Wildcard, wildcard } from '@cruddur/xray-contracts';
import type { ContextMissingStrategy, TracingOptions } from '../tracing-options';
import { DEFAULT_PROPAGATORS, PROPAGATOR_NAMES, type PropagatorName } from '../propagation/propagator-names';
import { DaemonAddress, parseDaemonAddress } from './daemon-address';
import { EXPORTER_NAMES, type ExporterName, type OtlpSettings, resolveOtlpSettings } from './exporter-settings';
import { resolveNameList } from './name-list';
import { resolveSamplerSettings, type SamplerSettings } from './sampler-settings';

/** Resolved settings: options overlaid by env, validated. */
export interface TracingConfig {
  serviceName: string;
  enabled: boolean;
  daemon: DaemonAddress;
  /** True when AWS_XRAY_DAEMON_ADDRESS is set: the SDK then reads it itself and ignores ours. */
  daemonFromEnv: boolean;
  dynamicNaming?: Wildcard;
  contextMissing: ContextMissingStrategy;
  samplingRules: SamplingRuleInput[];
  trustIncomingSampling: boolean;
  /** Whether the `xray` samplers poll the daemon's rules; off, the local rules decide alone. */
  centralizedSampling: boolean;
  /** What decides the traces that start here (OTEL_TRACES_SAMPLER). */
  sampler: SamplerSettings;
  traceOutgoingHttp: boolean;
  /** Headers read and written, in order (the later wins a disagreement). */
  propagators: readonly PropagatorName[];
  /** Where segments go: `xray` (UDP to the daemon), `otlp`, both, or none. */
  exporters: readonly ExporterName[];
  otlp: OtlpSettings;
  /** Settings that were ignored, and why: logged once when the tracer starts. */
  warnings: readonly string[];
}

const CONTEXT_MISSING: ContextMissingStrategy[] = ['LOG_ERROR', 'IGNORE_ERROR', 'RUNTIME_ERROR'];

export function resolveTracingConfig(
  options: TracingOptions,
  env: Record<string, string | undefined> = process.env,
): TracingConfig {
  const problems: string[] = [];
  const warnings: string[] = [];
  // The segment name is the service's name (and the OTLP resource's `service.name`). The X-Ray
  // SDK's variable wins over OpenTelemetry's: it is the narrower setting, given for this tracer.
  const xrayName = env.AWS_XRAY_TRACING_NAME?.trim();
  const otelName = env.OTEL_SERVICE_NAME?.trim();
  const serviceName = (xrayName || otelName || options.serviceName || '').trim();
  if (!serviceName || serviceName.length > 200)
    problems.push('service name must be 1-200 characters (AWS_XRAY_TRACING_NAME, OTEL_SERVICE_NAME or the option)');
  if (xrayName && otelName && xrayName !== otelName)
    warnings.push(
      `OTEL_SERVICE_NAME=${JSON.stringify(otelName)} ignored: AWS_XRAY_TRACING_NAME=${JSON.stringify(xrayName)} names the service`,
    );

  const enabledEnv = env.AWS_XRAY_SDK_ENABLED?.trim().toLowerCase();
  if (enabledEnv && !['true', 'false'].includes(enabledEnv))
    problems.push(`AWS_XRAY_SDK_ENABLED=${JSON.stringify(env.AWS_XRAY_SDK_ENABLED)} must be true or false`);
  const enabled = enabledEnv ? enabledEnv === 'true' : (options.enabled ?? true);

  const addressText = env.AWS_XRAY_DAEMON_ADDRESS?.trim() || options.daemonAddress || '127.0.0.1:2000';
  let daemon: DaemonAddress = { udp: { host: '127.0.0.1', port: 2000 }, tcp: { host: '127.0.0.1', port: 2000 } };
  try {
    daemon = parseDaemonAddress(addressText);
  } catch (error) {
    problems.push(`${(error as Error).message}${env.AWS_XRAY_DAEMON_ADDRESS ? ' (AWS_XRAY_DAEMON_ADDRESS)' : ''}`);
  }

  const missingText = (env.AWS_XRAY_CONTEXT_MISSING?.trim() ||
    options.contextMissing ||
    'LOG_ERROR') as ContextMissingStrategy;
  if (!CONTEXT_MISSING.includes(missingText))
    problems.push(`AWS_XRAY_CONTEXT_MISSING must be one of ${CONTEXT_MISSING.join(', ')}`);

  const pattern = env.AWS_XRAY_URL?.trim() || options.dynamicNaming;

  const propagators: readonly PropagatorName[] = resolveNameList(
    env.OTEL_PROPAGATORS,
    'OTEL_PROPAGATORS',
    options.propagators,
    'propagators',
    PROPAGATOR_NAMES,
    DEFAULT_PROPAGATORS,
    problems,
  );
  const exporters: readonly ExporterName[] = resolveNameList(
    env.OTEL_TRACES_EXPORTER,
    'OTEL_TRACES_EXPORTER',
    options.exporters,
    'exporters',
    EXPORTER_NAMES,
    ['xray'],
    problems,
  );
  const otlp = resolveOtlpSettings(env, options.otlpEndpoint, problems, warnings);
  const sampler = resolveSamplerSettings(env, options.sampler, options.samplerArg, daemon, warnings);
  if (problems.length > 0)
    throw new Error(`Invalid tracing configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    serviceName,
    enabled,
    daemon,
    daemonFromEnv: Boolean(env.AWS_XRAY_DAEMON_ADDRESS?.trim()),
    dynamicNaming: pattern ? wildcard(pattern) : undefined,
    contextMissing: missingText,
    samplingRules: options.samplingRules ?? [],
    trustIncomingSampling: options.trustIncomingSampling ?? true,
    centralizedSampling: options.centralizedSampling ?? true,
    sampler,
    traceOutgoingHttp: options.traceOutgoingHttp ?? true,
    propagators,
    exporters,
    otlp,
    warnings,
  };
}
