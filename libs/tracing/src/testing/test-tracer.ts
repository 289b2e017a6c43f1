import { formatTraceHeader, newTraceId, parseTraceHeader, type SampledFlag } from '@cruddur/xray-contracts';
import { resolveTracingConfig, type TracingConfig } from '../config/tracing-config';
import { InMemoryExporter } from './in-memory-exporter';
import type { Tracer } from '../recorder/tracer';
import { setActiveTracer } from '../recorder/tracer-registry';
import { buildTracer } from '../setup/build-tracer';
import type { TracingOptions } from '../tracing-options';

export interface TestTracer {
  tracer: Tracer;
  /** Every segment the tracer finished. */
  exporter: InMemoryExporter;
  /** A tracer with other settings (e.g. sampling rules) exporting to the same `exporter`; not registered. */
  withConfig(changes: Partial<TracingConfig>): Tracer;
  stop(): Promise<void>;
}

/**
 * A Tracer exporting to memory, registered as the process's tracer. Centralized sampling is
 * off (no poller): the local rules decide; env is ignored. Call once per test file (with the
 * `xray-sdk` sampler, the SDK's rules are process-global).
 */
export function startTestTracer(options: Partial<TracingOptions> = {}): TestTracer {
  const exporter = new InMemoryExporter();
  const tracer = buildTracer(
    resolveTracingConfig({ serviceName: 'test-service', centralizedSampling: false, ...options }, {}),
    exporter,
  );
  setActiveTracer(tracer);
  return {
    tracer,
    exporter,
    withConfig: (changes) => buildTracer({ ...tracer.config, ...changes }, exporter),
    stop: async () => {
      setActiveTracer(undefined);
      await tracer.shutdown();
    },
  };
}

/** `Root=<new trace id>;Sampled=<flag>`: an upstream that decided sampling. */
export function upstreamHeader(sampled: SampledFlag = '1', parent?: string): string {
  return formatTraceHeader({ root: newTraceId(), parent, sampled });
}

/** The trace id (`Root=`) of an `X-Amzn-Trace-Id` header; a header that does not parse fails the test here. */
export function rootOf(header: string): string {
  const parsed = parseTraceHeader(header);
  if (!parsed) throw new Error(`expected an X-Amzn-Trace-Id header, got ${JSON.stringify(header)}`);
  return parsed.root;
}
