import type { TracingConfig } from '../config/tracing-config';
import { FanOutExporter } from '../export/fan-out-exporter';
import { OtlpHttpExporter } from '../export/otlp-http-exporter';
import type { SegmentExporter } from '../export/segment-exporter';
import { propagatorFor } from '../propagation/propagator-names';
import { createSdkLogger } from '../recorder/sdk-logger';
import { SegmentEmitter } from '../recorder/segment-emitter';
import { Tracer } from '../recorder/tracer';
import { XRaySdkSampler } from '../recorder/xray-sdk-sampler';

/** What every exported span says about where it came from (OTLP resource attributes). */
const RESOURCE = {
  'telemetry.sdk.name': '@cruddur/tracing',
  'telemetry.sdk.language': 'nodejs',
  'process.runtime.name': 'nodejs',
  'process.runtime.version': process.versions.node,
};

/** The configured exporters: `xray` (UDP to the daemon), `otlp`, both, or none. */
function exporterFor(config: TracingConfig, logger: ReturnType<typeof createSdkLogger>): SegmentExporter {
  const exporters = config.exporters.map((name): SegmentExporter =>
    name === 'xray'
      ? new SegmentEmitter(config.daemon.udp, (message) => logger.error(message))
      : new OtlpHttpExporter(config.otlp, (line) => logger.warn(line), RESOURCE),
  );
  return exporters.length === 1 ? exporters[0] : new FanOutExporter(exporters);
}

/**
 * The process's tracer, put together from configuration: the X-Ray SDK's sampler, the
 * configured propagators and exporters (`exporter` replaces the configured ones: tests).
 */
export function buildTracer(config: TracingConfig, exporter?: SegmentExporter): Tracer {
  const logger = createSdkLogger();
  for (const warning of config.warnings) logger.warn(warning);
  return new Tracer(config, {
    sampler: new XRaySdkSampler(config, logger),
    exporter: exporter ?? exporterFor(config, logger),
    propagator: propagatorFor(config.propagators),
    sdkIdentity: XRaySdkSampler.sdkIdentity,
  });
}
