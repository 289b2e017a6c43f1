import type { SamplingRuleInput } from '@cruddur/xray-contracts';
import type { PropagatorName } from './propagation/propagator-names';
import type { ExporterName } from './config/exporter-settings';
import type { SamplerName } from './config/sampler-settings';

export type ContextMissingStrategy = 'LOG_ERROR' | 'IGNORE_ERROR' | 'RUNTIME_ERROR';

/** What a service tells TracingModule. Every field can also come from env (env wins, as in the SDK). */
export interface TracingOptions {
  /**
   * The service's name: the segment name, and the OTLP resource's `service.name`.
   * Env: AWS_XRAY_TRACING_NAME, else OTEL_SERVICE_NAME.
   */
  serviceName: string;
  /** Off switch. Env: AWS_XRAY_SDK_ENABLED=false. Default: on. */
  enabled?: boolean;
  /** `host:port` or `udp:host:port tcp:host:port`. Env: AWS_XRAY_DAEMON_ADDRESS. Default 127.0.0.1:2000. */
  daemonAddress?: string;
  /**
   * Name HTTP segments after the Host header when it matches this pattern (`*` and `?`),
   * as the seed's `dynamic_naming`. Env: AWS_XRAY_URL.
   */
  dynamicNaming?: string;
  /** What to do when annotate/metadata/subsegment run outside a trace. Env: AWS_XRAY_CONTEXT_MISSING. Default LOG_ERROR. */
  contextMissing?: ContextMissingStrategy;
  /** Local sampling rules in the `create-sampling-rule --cli-input-json` format (e.g. aws/json/xray.json). */
  samplingRules?: SamplingRuleInput[];
  /**
   * Follow `Sampled=1/0` of incoming HTTP requests. Off at the edge (the gateway), so a
   * public client cannot force every request to be traced; on for internal services.
   * RPC messages always follow the caller's decision. Default true.
   */
  trustIncomingSampling?: boolean;
  /** Poll the daemon for centralized sampling rules and targets (the `xray` samplers). Default true. */
  centralizedSampling?: boolean;
  /**
   * What decides the traces that start here (never a trusted upstream's decision): `xray`, X-Ray's
   * centralized rules from the daemon with `samplingRules` as the fallback, without the X-Ray SDK;
   * `xray-sdk`, the same by aws-xray-sdk-core's sampler; or OpenTelemetry's `always_on`,
   * `always_off`, `traceidratio` and their `parentbased_` forms (the same here: see README).
   * Env: OTEL_TRACES_SAMPLER. Default `xray`.
   */
  sampler?: SamplerName;
  /**
   * The sampler's argument: for `xray`, `endpoint=http://host:2000,polling_interval=300` (both
   * optional: the daemon's TCP address, 300 s); for `*traceidratio`, the ratio (default 1.0).
   * Env: OTEL_TRACES_SAMPLER_ARG.
   */
  samplerArg?: string;
  /** Trace outgoing HTTP (node http/https and fetch) from traced code. Default true. */
  traceOutgoingHttp?: boolean;
  /**
   * Trace context headers read and written: `xray` (`X-Amzn-Trace-Id`) and `tracecontext` (W3C
   * `traceparent`/`tracestate`); `[]` for none. When both name different traces the later one
   * wins, except that a Root-only header never beats one naming its parent.
   * Env: OTEL_PROPAGATORS (comma-separated, or `none`). Default `['tracecontext', 'xray']`.
   */
  propagators?: PropagatorName[];
  /**
   * Where finished segments go: `xray` (UDP segment documents to the daemon at daemonAddress),
   * `otlp` (OTLP/HTTP protobuf to otlpEndpoint), both, or `[]` for none.
   * Env: OTEL_TRACES_EXPORTER (comma-separated, or `none`). Default `['xray']`.
   */
  exporters?: ExporterName[];
  /**
   * The `otlp` exporter's URL (`.../v1/traces`). Env: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (as is)
   * or OTEL_EXPORTER_OTLP_ENDPOINT (+ `/v1/traces`). Default http://localhost:4318/v1/traces.
   */
  otlpEndpoint?: string;
}

export interface TracingModuleAsyncOptions {
  imports?: unknown[];
  inject?: unknown[];
  useFactory: (...args: never[]) => TracingOptions | Promise<TracingOptions>;
}
