import type { TracingConfig } from '../config/tracing-config';
import type { SegmentExporter } from '../export/segment-exporter';
import { propagatorFor } from '../propagation/propagator-names';
import { createSdkLogger } from '../recorder/sdk-logger';
import { SegmentEmitter } from '../recorder/segment-emitter';
import { Tracer } from '../recorder/tracer';
import { XRaySdkSampler } from '../recorder/xray-sdk-sampler';

/**
 * The process's tracer, put together from configuration: the X-Ray SDK's sampler, the
 * configured propagators, and the exporter (`exporter` replaces the configured one: tests).
 */
export function buildTracer(config: TracingConfig, exporter?: SegmentExporter): Tracer {
  const logger = createSdkLogger();
  return new Tracer(config, {
    sampler: new XRaySdkSampler(config, logger),
    exporter: exporter ?? new SegmentEmitter(config.daemon.udp, (message) => logger.error(message)),
    propagator: propagatorFor(config.propagators),
    sdkIdentity: XRaySdkSampler.sdkIdentity,
  });
}
