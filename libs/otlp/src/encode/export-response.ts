import { OtlpTraceSchema } from '../schema/otlp-trace-schema';
import type { OtlpEncoding } from './otlp-encoding';

/** What an export left out: spans the receiver refused, which the client must not retry. */
export interface PartialSuccess {
  readonly rejectedSpans: number;
  readonly errorMessage: string;
}

/**
 * An ExportTraceServiceResponse in the request's encoding: empty when every span was accepted,
 * `partial_success` only when some were rejected (OTLP/HTTP, opentelemetry-proto specification).
 */
export function encodeExportResponse(encoding: OtlpEncoding, partial?: PartialSuccess): Buffer {
  if (encoding === 'json') {
    // int64 is a decimal string in OTLP JSON.
    const body =
      partial === undefined
        ? {}
        : { partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage } };
    return Buffer.from(JSON.stringify(body));
  }
  const type = OtlpTraceSchema.ExportTraceServiceResponse;
  const message = type.fromObject(partial === undefined ? {} : { partialSuccess: partial });
  return Buffer.from(type.encode(message).finish());
}

/** gRPC status codes a google.rpc.Status answer carries. */
export const RpcCode = { invalidArgument: 3, resourceExhausted: 8, unimplemented: 12 } as const;

/** A google.rpc.Status: the body of OTLP/HTTP error answers (400, 413, 415), in the given encoding. */
export function encodeRpcStatus(encoding: OtlpEncoding, code: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  const type = OtlpTraceSchema.Status;
  return Buffer.from(type.encode(type.fromObject({ code, message })).finish());
}
