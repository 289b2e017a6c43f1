import { type SamplingRuleInput, type Wildcard, wildcard } from '@cruddur/xray-contracts';
import type { ContextMissingStrategy, TracingOptions } from '../tracing-options';
import { DEFAULT_PROPAGATORS, parsePropagatorNames, type PropagatorName } from '../propagation/propagator-names';
import { DaemonAddress, parseDaemonAddress } from './daemon-address';

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
  centralizedSampling: boolean;
  traceOutgoingHttp: boolean;
  /** Headers read and written, in order (the later wins a disagreement). */
  propagators: readonly PropagatorName[];
}

const CONTEXT_MISSING: ContextMissingStrategy[] = ['LOG_ERROR', 'IGNORE_ERROR', 'RUNTIME_ERROR'];

export function resolveTracingConfig(options: TracingOptions, env: Record<string, string | undefined> = process.env): TracingConfig {
  const problems: string[] = [];
  const serviceName = (env.AWS_XRAY_TRACING_NAME?.trim() || options.serviceName || '').trim();
  if (!serviceName || serviceName.length > 200) problems.push('service name must be 1-200 characters (AWS_XRAY_TRACING_NAME)');

  const enabledEnv = env.AWS_XRAY_SDK_ENABLED?.trim().toLowerCase();
  if (enabledEnv && !['true', 'false'].includes(enabledEnv)) problems.push(`AWS_XRAY_SDK_ENABLED=${JSON.stringify(env.AWS_XRAY_SDK_ENABLED)} must be true or false`);
  const enabled = enabledEnv ? enabledEnv === 'true' : options.enabled ?? true;

  const addressText = env.AWS_XRAY_DAEMON_ADDRESS?.trim() || options.daemonAddress || '127.0.0.1:2000';
  let daemon: DaemonAddress = { udp: { host: '127.0.0.1', port: 2000 }, tcp: { host: '127.0.0.1', port: 2000 } };
  try {
    daemon = parseDaemonAddress(addressText);
  } catch (error) {
    problems.push(`${(error as Error).message}${env.AWS_XRAY_DAEMON_ADDRESS ? ' (AWS_XRAY_DAEMON_ADDRESS)' : ''}`);
  }

  const missingText = (env.AWS_XRAY_CONTEXT_MISSING?.trim() || options.contextMissing || 'LOG_ERROR') as ContextMissingStrategy;
  if (!CONTEXT_MISSING.includes(missingText)) problems.push(`AWS_XRAY_CONTEXT_MISSING must be one of ${CONTEXT_MISSING.join(', ')}`);

  const pattern = env.AWS_XRAY_URL?.trim() || options.dynamicNaming;

  let propagators: readonly PropagatorName[] = DEFAULT_PROPAGATORS;
  try {
    if (env.OTEL_PROPAGATORS?.trim()) propagators = parsePropagatorNames(env.OTEL_PROPAGATORS, 'OTEL_PROPAGATORS');
    else if (options.propagators) propagators = parsePropagatorNames(options.propagators.length ? options.propagators.join(',') : 'none', 'propagators option');
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) throw new Error(`Invalid tracing configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
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
    traceOutgoingHttp: options.traceOutgoingHttp ?? true,
    propagators,
  };
}
