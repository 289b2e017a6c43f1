import {
  segmentSenders,
  WHOLE_GRAPH_WINDOW,
  type GetServiceGraphResult,
  type GetTraceGraphResult,
  type GetTraceSummariesResult,
  type GraphService,
  type Group,
  type TimeWindow,
  type Trace,
  type XRayApiInput,
  type XRayApiOutput,
  type XRayApiPath,
} from '@cruddur/xray-contracts';
import { ApiError } from './api-error';

interface ErrorBody {
  readonly __type?: string;
  readonly message?: string;
}

/** The daemon's X-Ray API, same origin (the daemon serves this page and sends no CORS headers). */
export class XRayApi {
  serviceGraph(window: TimeWindow, groupName: string | undefined): Promise<GetServiceGraphResult> {
    return this.post('/ServiceGraph', {
      StartTime: window.start,
      EndTime: window.end,
      ...(groupName === undefined ? {} : { GroupName: groupName }),
    });
  }

  /**
   * The services that send segments, as the daemon's trace summaries judge `partial` by: the
   * active nodes of its whole service graph (not of a group: a group's filter hides senders).
   */
  async segmentSenders(): Promise<ReadonlySet<string>> {
    const services: GraphService[] = [];
    let token: string | undefined;
    do {
      const page = await this.post('/ServiceGraph', {
        StartTime: WHOLE_GRAPH_WINDOW.start,
        EndTime: WHOLE_GRAPH_WINDOW.end,
        ...(token === undefined ? {} : { NextToken: token }),
      });
      services.push(...page.Services);
      token = page.NextToken;
    } while (token !== undefined);
    return segmentSenders(services);
  }

  traceSummaries(
    window: TimeWindow,
    filterExpression: string,
    nextToken: string | undefined,
  ): Promise<GetTraceSummariesResult> {
    return this.post('/TraceSummaries', {
      StartTime: window.start,
      EndTime: window.end,
      ...(filterExpression.trim() === '' ? {} : { FilterExpression: filterExpression }),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    });
  }

  async trace(traceId: string): Promise<Trace | undefined> {
    const result = await this.post('/Traces', { TraceIds: [traceId] });
    return result.Traces[0];
  }

  traceGraph(traceId: string): Promise<GetTraceGraphResult> {
    return this.post('/TraceGraph', { TraceIds: [traceId] });
  }

  async groups(): Promise<readonly Group[]> {
    return (await this.post('/Groups', {})).Groups;
  }

  /** One operation of the X-Ray API: its input and output types come from the operation map. */
  private async post<P extends XRayApiPath>(path: P, body: XRayApiInput<P>): Promise<XRayApiOutput<P>> {
    let response: Response;
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(
        'NetworkError',
        `The daemon did not answer (${error instanceof Error ? error.message : String(error)})`,
        0,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      let parsed: ErrorBody = {};
      try {
        parsed = JSON.parse(text) as ErrorBody;
      } catch {
        // Not an API error body (a proxy's page, ...): report the status alone.
      }
      throw new ApiError(parsed.__type ?? 'HttpError', parsed.message ?? `HTTP ${response.status}`, response.status);
    }
    return JSON.parse(text) as XRayApiOutput<P>;
  }
}
