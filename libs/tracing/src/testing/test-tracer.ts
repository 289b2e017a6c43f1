import { SegmentCollector } from '@cruddur/test-kit';
import { formatTraceHeader, newTraceId, type SampledFlag } from '@cruddur/xray-contracts';
import { resolveTracingConfig } from '../config/tracing-config';
import { Tracer } from '../recorder/tracer';
import { setActiveTracer } from '../recorder/tracer-registry';
import type { TracingOptions } from '../tracing-options';

export interface TestTracer {
  tracer: Tracer;
  collector: SegmentCollector;
  stop(): Promise<void>;
}

/**
 * A Tracer sending to an in-test UDP "daemon", registered as the process's tracer.
 * Centralized sampling is off (no poller); env is ignored. The SDK is process-global:
 * call once per test file.
 */
export async function startTestTracer(options: Partial<TracingOptions> = {}): Promise<TestTracer> {
  const collector = await SegmentCollector.start();
  const config = resolveTracingConfig({ serviceName: 'test-service', centralizedSampling: false, daemonAddress: collector.address, ...options }, {});
  const tracer = Tracer.configure(config);
  setActiveTracer(tracer);
  return {
    tracer,
    collector,
    stop: async () => {
      setActiveTracer(undefined);
      tracer.close();
      await collector.close();
    },
  };
}

/** `Root=<new trace id>;Sampled=<flag>`: an upstream that decided sampling. */
export function upstreamHeader(sampled: SampledFlag = '1', parent?: string): string {
  return formatTraceHeader({ root: newTraceId(), parent, sampled });
}
