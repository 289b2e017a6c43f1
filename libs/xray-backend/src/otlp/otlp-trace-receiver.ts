import type { Readable } from 'node:stream';
import {
  decodeTraceRequestJson,
  decodeTraceRequestProtobuf,
  encodeExportResponse,
  encodeRpcStatus,
  encodingOf,
  OTLP_CONTENT_TYPES,
  OtlpDecodeError,
  type OtlpEncoding,
  type OtlpResourceSpans,
  RpcCode,
} from '@cruddur/otlp';
import type { SegmentIngest } from '../pipeline/segment-ingest';
import { RejectCounters } from '../segments/reject-counters';
import type { OtlpCounters } from './otlp-counters';
import { DEFAULT_OTLP_MAX_BODY_BYTES, readOtlpRequestBody } from './otlp-request-body';
import { ingestSpans, type SpanVerdicts } from './otlp-span-ingest';

/** The OTLP/HTTP path for traces. */
export const OTLP_TRACES_PATH = '/v1/traces';

/** One OTLP/HTTP request as the receiver needs it (node's IncomingMessage is one). */
export interface OtlpHttpRequest extends Readable {
  readonly method?: string;
  readonly url?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface OtlpHttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The answer came before the request body was read to its end: the server discards the rest. */
  readonly bodyUnread: boolean;
}

export interface OtlpTraceReceiverOptions {
  /** Request body limit after decompression; OTLP recommends 20 MiB. */
  readonly maxBodyBytes?: number;
}

const GRPC_PERMISSION_DENIED = 7;
const GRPC_NOT_FOUND = 5;

function header(request: OtlpHttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function answer(
  status: number,
  encoding: OtlpEncoding,
  body: Buffer,
  extra: Record<string, string> = {},
  bodyUnread = false,
): OtlpHttpAnswer {
  return { status, headers: { 'Content-Type': OTLP_CONTENT_TYPES[encoding], ...extra }, body, bodyUnread };
}

function partialSuccessMessage(received: number, verdicts: SpanVerdicts, rejected: number): string {
  const reasons = [...verdicts.rejected].map(([reason, { count, message }]) => `${reason} x${count} (${message})`);
  return `${rejected} of ${received} spans rejected: ${reasons.join('; ')}`;
}

/**
 * The OTLP/HTTP trace receiver (opentelemetry-proto specification, OTLP/HTTP): `POST /v1/traces`
 * with an ExportTraceServiceRequest in protobuf or OTLP JSON, optionally gzip. Answers 200 with
 * an ExportTraceServiceResponse in the request's encoding (`partial_success` when spans were
 * refused; the valid ones are stored), 400 with a google.rpc.Status when the body cannot be
 * decoded (nothing stored), 413 past the body limit, 415 for another content type or encoding.
 */
export class OtlpTraceReceiver {
  private readonly maxBodyBytes: number;
  private requests = 0;
  private readonly responses = new Map<number, number>();
  private bytesReceived = 0;
  private bytesDecoded = 0;
  private readonly spans = new RejectCounters();

  constructor(
    private readonly ingest: SegmentIngest,
    options: OtlpTraceReceiverOptions = {},
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_OTLP_MAX_BODY_BYTES;
  }

  /**
   * Answers one request. `hostAllowed` is the server's Host check (loopback names only when it is
   * bound to loopback). Never rejects for any input.
   */
  async handle(request: OtlpHttpRequest, hostAllowed: boolean): Promise<OtlpHttpAnswer> {
    this.requests++;
    const result = await this.answer(request, hostAllowed);
    this.responses.set(result.status, (this.responses.get(result.status) ?? 0) + 1);
    return result;
  }

  counters(): OtlpCounters {
    return {
      requests: this.requests,
      responses: Object.fromEntries(
        [...this.responses].sort(([a], [b]) => a - b).map(([status, n]) => [String(status), n]),
      ),
      bytes: { received: this.bytesReceived, decoded: this.bytesDecoded },
      spans: {
        received: this.spans.acceptedCount + this.spans.rejectedCount,
        accepted: this.spans.acceptedCount,
        rejected: this.spans.rejectedCount,
        rejectedByReason: this.spans.snapshot(),
      },
    };
  }

  private async answer(request: OtlpHttpRequest, hostAllowed: boolean): Promise<OtlpHttpAnswer> {
    // Until the content type is known, errors are written in JSON.
    if (!hostAllowed) {
      return answer(
        403,
        'json',
        encodeRpcStatus(
          'json',
          GRPC_PERMISSION_DENIED,
          'Host header must name localhost: this receiver only serves local clients',
        ),
        {},
        true,
      );
    }
    const path = (request.url ?? '/').split('?')[0];
    if (path !== OTLP_TRACES_PATH) {
      return answer(
        404,
        'json',
        encodeRpcStatus(
          'json',
          GRPC_NOT_FOUND,
          `Nothing at ${JSON.stringify(path.slice(0, 100))}: traces go to POST ${OTLP_TRACES_PATH}`,
        ),
        {},
        true,
      );
    }
    if (request.method !== 'POST') {
      return answer(
        405,
        'json',
        encodeRpcStatus(
          'json',
          RpcCode.unimplemented,
          `${String(request.method).slice(0, 10)} is not supported: POST ${OTLP_TRACES_PATH}`,
        ),
        { Allow: 'POST' },
        true,
      );
    }
    const encoding = encodingOf(header(request, 'content-type'));
    if (encoding === undefined) {
      const message = `Content-Type must be ${OTLP_CONTENT_TYPES.protobuf} or ${OTLP_CONTENT_TYPES.json}`;
      return answer(415, 'json', encodeRpcStatus('json', RpcCode.invalidArgument, message), {}, true);
    }
    const body = await readOtlpRequestBody(
      request,
      { contentLength: header(request, 'content-length'), contentEncoding: header(request, 'content-encoding') },
      this.maxBodyBytes,
    );
    this.bytesReceived += body.wireBytes;
    if (!body.ok) {
      const code = body.status === 413 ? RpcCode.resourceExhausted : RpcCode.invalidArgument;
      return answer(body.status, encoding, encodeRpcStatus(encoding, code, body.message), {}, body.status !== 400);
    }
    this.bytesDecoded += body.bytes.length;
    let batch: OtlpResourceSpans[];
    try {
      batch =
        encoding === 'protobuf'
          ? decodeTraceRequestProtobuf(body.bytes)
          : decodeTraceRequestJson(body.bytes.toString('utf8'));
    } catch (error) {
      if (!(error instanceof OtlpDecodeError)) throw error;
      return answer(400, encoding, encodeRpcStatus(encoding, RpcCode.invalidArgument, error.message));
    }
    const verdicts = ingestSpans(this.ingest, batch);
    let rejected = 0;
    this.spans.recordAccepted(verdicts.accepted);
    for (const [reason, { count }] of verdicts.rejected) {
      rejected += count;
      this.spans.recordRejected(reason, count);
    }
    const received = verdicts.accepted + rejected;
    const partial =
      rejected === 0
        ? undefined
        : { rejectedSpans: rejected, errorMessage: partialSuccessMessage(received, verdicts, rejected) };
    return answer(200, encoding, encodeExportResponse(encoding, partial));
  }
}
