import { SegmentCollector } from '@cruddur/test-kit';
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
export function upstreamHeader(sampled: '0' | '1' | '?' = '1', parent?: string): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${hex(24)}`;
  return `Root=${root}${parent ? `;Parent=${parent}` : ''};Sampled=${sampled}`;
}
