import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** How the OpenTelemetry-only service is set up: OTLP encoding, trace id generator, propagator. */
export interface OtelServiceOptions {
  encoding: 'protobuf' | 'json';
  /** `xray`: time-based ids (AWSXRayIdGenerator); `random`: OpenTelemetry's default. */
  ids?: 'xray' | 'random';
  /** `xray`: X-Amzn-Trace-Id; `tracecontext`: W3C traceparent only. */
  propagator?: 'xray' | 'tracecontext';
}

/**
 * Runs a service instrumented with the OpenTelemetry JS SDK only (`otel-service.cjs`) once: it handles one
 * request (a SERVER span, annotated `feed = "home"`) by calling the gateway's `/api/activities/home` (a CLIENT
 * span), exports both spans to `otlpUrl`, and exits. Resolves with its W3C trace id and the gateway's status.
 */
export function runOtelService(
  otlpUrl: string,
  gatewayUrl: string,
  { encoding, ids = 'xray', propagator = 'xray' }: OtelServiceOptions,
): Promise<{ traceId: string; status: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(__dirname, 'otel-service.cjs'), encoding, otlpUrl, gatewayUrl, ids, propagator],
      { timeout: 30_000 },
      (error, stdout, stderr) =>
        error === null ? resolve(JSON.parse(stdout)) : reject(new Error(`otel-service failed: ${stderr}`)),
    );
  });
}
