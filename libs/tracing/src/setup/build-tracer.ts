import type { TracingConfig } from '../config/tracing-config';
import { FanOutExporter } from '../export/fan-out-exporter';
import { OtlpHttpExporter } from '../export/otlp-http-exporter';
import type { SegmentExporter } from '../export/segment-exporter';
import { propagatorFor } from '../propagation/propagator-names';
import { createSdkLogger } from '../recorder/sdk-logger';
import { SegmentEmitter } from '../recorder/segment-emitter';
import { Tracer } from '../recorder/tracer';
import { type RecorderIdentity, TRACING_IDENTITY } from '../recorder/tracing-identity';
import { LocalRulesSampler } from '../sampling/local-rules-sampler';
import type { Sampler } from '../sampling/sampler';
import { httpSamplingTransport } from '../sampling/sampling-api';
import { toLocalSamplingRules } from '../sampling/sampling-rule-input';
import { alwaysOffSampler, alwaysOnSampler, TraceIdRatioSampler } from '../sampling/standard-samplers';
import { XRayRemoteSampler } from '../sampling/xray-remote-sampler';

/** What every exported span says about where it came from (OTLP resource attributes). */
const RESOURCE = {
  'telemetry.sdk.name': '@cruddur/tracing',
  'telemetry.sdk.language': 'nodejs',
  'process.runtime.name': 'nodejs',
  'process.runtime.version': process.versions.node,
};

/** Deadline of one sampling API request: the daemon is local (or a sidecar). */
const SAMPLING_API_TIMEOUT_MS = 5_000;

type Logger = ReturnType<typeof createSdkLogger>;

/** The configured exporters: `xray` (UDP to the daemon), `otlp`, both, or none. */
function exporterFor(config: TracingConfig, logger: Logger): SegmentExporter {
  const exporters = config.exporters.map((name): SegmentExporter =>
    name === 'xray'
      ? new SegmentEmitter(config.daemon.udp, (message) => logger.error(message))
      : new OtlpHttpExporter(config.otlp, (line) => logger.warn(line), RESOURCE),
  );
  return exporters.length === 1 ? exporters[0] : new FanOutExporter(exporters);
}

/**
 * The configured sampler, and what segments then say about the recorder. Each is only asked
 * when no trusted upstream decided (Tracer.startSegment), which is the parent branch of
 * OpenTelemetry's `parentbased_*` samplers: here they are their root sampler.
 */
function samplerFor(config: TracingConfig, logger: Logger): { sampler: Sampler; identity: RecorderIdentity } {
  const settings = config.sampler;
  switch (settings.name) {
    case 'xray': {
      const local = new LocalRulesSampler(toLocalSamplingRules(config.samplingRules, config.serviceName));
      if (!config.centralizedSampling) return { sampler: local, identity: TRACING_IDENTITY };
      const remote = new XRayRemoteSampler({
        transport: httpSamplingTransport(settings.endpoint, SAMPLING_API_TIMEOUT_MS),
        fallback: local,
        logger,
        rulesIntervalMs: settings.rulesIntervalMs,
      });
      return { sampler: remote.start(), identity: TRACING_IDENTITY };
    }
    case 'xray-sdk': {
      // Required here, not imported above: loading aws-xray-sdk-core only when it is chosen
      // keeps it out of every other process.
      const { XRaySdkSampler } =
        require('../recorder/xray-sdk-sampler') as typeof import('../recorder/xray-sdk-sampler');
      return { sampler: new XRaySdkSampler(config, logger), identity: XRaySdkSampler.sdkIdentity };
    }
    // Without `parentbased_`, OpenTelemetry's samplers decide every trace, a sampled caller's too.
    case 'always_on':
    case 'parentbased_always_on':
      return { sampler: alwaysOnSampler(settings.name === 'always_on'), identity: TRACING_IDENTITY };
    case 'always_off':
    case 'parentbased_always_off':
      return { sampler: alwaysOffSampler(settings.name === 'always_off'), identity: TRACING_IDENTITY };
    case 'traceidratio':
    case 'parentbased_traceidratio':
      return {
        sampler: new TraceIdRatioSampler(settings.ratio, settings.name === 'traceidratio'),
        identity: TRACING_IDENTITY,
      };
  }
}

/**
 * The process's tracer, put together from configuration: the configured sampler, propagators
 * and exporters (`exporter` replaces the configured ones: tests).
 */
export function buildTracer(config: TracingConfig, exporter?: SegmentExporter): Tracer {
  const logger = createSdkLogger();
  for (const warning of config.warnings) logger.warn(warning);
  const { sampler, identity } = samplerFor(config, logger);
  return new Tracer(config, {
    sampler,
    exporter: exporter ?? exporterFor(config, logger),
    propagator: propagatorFor(config.propagators),
    sdkIdentity: identity,
  });
}
