import type { XRayApiOutput, XRayApiPath } from '@cruddur/xray-contracts';
import type { JsonObject } from '../api-errors/request-fields';
import { XRayApiError } from '../api-errors/xray-api-error';
import type { XRayBackend } from '../pipeline/xray-backend';
import {
  apiErrorResponse,
  type ApiResponse,
  jsonResponse,
  payloadTooLargeResponse,
  protocolErrorResponse,
} from './api-response';
import { batchGetTraces } from './batch-get-traces-query';
import { putTraceSegments } from './put-trace-segments-command';
import { parseRequestBody } from './request-body';
import { getServiceGraph } from './service-graph-query';
import { getTraceGraph } from './trace-graph-query';
import { getTraceSummaries } from './trace-summaries-query';

export interface XRayApiRouterOptions {
  /** Larger request bodies get 413 (the HTTP server should stop reading at this size too). */
  readonly maxBodyBytes?: number;
  /** Items per page for trace summaries, traces and graph services. */
  readonly pageSize?: number;
  /** A bug, not bad input: reported here, answered with a generic 500. */
  readonly onUnexpectedError?: (error: unknown) => void;
}

/**
 * One operation: the parsed request body in (checked field by field by the operation: the body is
 * untrusted, whatever the map says a client sends), the operation's output out.
 */
type Operation<P extends XRayApiPath> = (body: JsonObject) => XRayApiOutput<P> | Promise<XRayApiOutput<P>>;
type Operations = { readonly [P in XRayApiPath]: Operation<P> };

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The X-Ray API (restJson1: every operation is a POST to its own path) over an XRayBackend,
 * without any HTTP framework: `handle(method, path, body)` returns the response to write.
 * Input problems are AWS error bodies (InvalidRequestException 400, ...), unknown paths 404,
 * bodies over the limit 413; no input yields a 500.
 */
export class XRayApiRouter {
  private readonly routes: ReadonlyMap<string, Operation<XRayApiPath>>;
  private readonly maxBodyBytes: number;

  constructor(
    backend: XRayBackend,
    private readonly options: XRayApiRouterOptions = {},
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const pageSize = options.pageSize ?? 100;
    const { store, graph, groups, rules, targets, ingest } = backend;
    const operations: Operations = {
      '/CreateGroup': (body) => backend.changeGroups((g) => g.create(body)),
      '/GetGroup': (body) => groups.get(body),
      '/Groups': (body) => groups.list(body),
      '/UpdateGroup': (body) => backend.changeGroups((g) => g.update(body)),
      '/DeleteGroup': (body) => backend.changeGroups((g) => g.delete(body)),
      '/CreateSamplingRule': (body) => backend.changeRules((r) => r.create(body)),
      '/GetSamplingRules': (body) => rules.list(body),
      '/UpdateSamplingRule': (body) => backend.changeRules((r) => r.update(body)),
      '/DeleteSamplingRule': (body) => backend.changeRules((r) => r.delete(body)),
      '/SamplingTargets': (body) => targets.getSamplingTargets(body),
      '/SamplingStatisticSummaries': (body) => targets.getSamplingStatisticSummaries(body),
      '/TraceSegments': (body) => putTraceSegments(ingest, body),
      '/TraceSummaries': (body) =>
        getTraceSummaries(store, body, { now: backend.now(), senders: graph.segmentSenders() }, pageSize),
      '/Traces': (body) => batchGetTraces(store, body, pageSize),
      '/ServiceGraph': (body) => getServiceGraph({ store, graph, groups }, body, backend.now(), pageSize),
      '/TraceGraph': (body) => getTraceGraph(store, body, pageSize),
    };
    this.routes = new Map(Object.entries(operations) as [XRayApiPath, Operation<XRayApiPath>][]);
  }

  /** Whether `path` (query string ignored) names an API operation. */
  isOperation(path: string): boolean {
    return this.routes.has(pathOnly(path));
  }

  async handle(method: string, path: string, bodyText: string): Promise<ApiResponse> {
    const operationPath = pathOnly(path);
    const operation = this.routes.get(operationPath);
    if (operation === undefined) {
      return protocolErrorResponse(
        404,
        'UnknownOperationException',
        `No X-Ray operation at ${JSON.stringify(operationPath.slice(0, 100))}`,
      );
    }
    if (method !== 'POST') {
      return protocolErrorResponse(
        405,
        'UnknownOperationException',
        `${operationPath} takes POST, not ${method.slice(0, 10)}`,
        { Allow: 'POST' },
      );
    }
    if (bodyText.length > this.maxBodyBytes / 4 && Buffer.byteLength(bodyText) > this.maxBodyBytes) {
      return payloadTooLargeResponse(this.maxBodyBytes);
    }
    try {
      return jsonResponse(await operation(parseRequestBody(bodyText)));
    } catch (error) {
      if (error instanceof XRayApiError) return apiErrorResponse(error);
      this.options.onUnexpectedError?.(error);
      return protocolErrorResponse(500, 'InternalFailure', 'The request failed because of an internal error');
    }
  }
}

function pathOnly(path: string): string {
  const query = path.indexOf('?');
  return query < 0 ? path : path.slice(0, query);
}
