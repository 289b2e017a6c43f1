import { currentTrace } from '../context/trace-context';
import { completionOfStatus } from '../http/http-completion';
import type { Tracer } from '../recorder/tracer';
import type { SubsegmentEntity } from '../recorder/trace-entity';
import type { CarrierSetter } from '../propagation/propagator';
import { activeTracer } from '../recorder/tracer-registry';

/** One outgoing HTTP call from traced code: its remote subsegment, to close with the answer. */
export interface RemoteHttpCall {
  responded(status: number): void;
  failed(error: unknown): void;
}

/**
 * Starts the subsegment of an outgoing HTTP call made inside a trace and writes the trace
 * context headers into the request, or returns undefined (no trace, tracing off, or a call to
 * the daemon itself: the SDK's sampling poller).
 */
export function startRemoteHttpCall<R>(
  method: string,
  url: URL,
  request: R,
  setHeader: CarrierSetter<R>,
): RemoteHttpCall | undefined {
  const tracer = activeTracer();
  const parent = currentTrace();
  if (!tracer || !parent || isDaemon(tracer, url)) return undefined;
  const { trace, subsegment } = tracer.startSubsegment(parent, url.hostname || 'unknown', true);
  tracer.inject(trace, request, setHeader);
  const described = { method, url: `${url.protocol}//${url.host}${url.pathname}` };
  let done = false;
  const finish = (status: number | undefined, error?: unknown) => {
    if (done) return;
    done = true;
    if (subsegment) setHttp(subsegment, described, status);
    tracer.finish(subsegment, status === undefined ? { kind: 'fault', cause: error } : completionOfStatus(status));
  };
  return {
    responded: (status) => finish(status),
    failed: (error) => finish(undefined, error),
  };
}

function setHttp(subsegment: SubsegmentEntity, request: { method: string; url: string }, status?: number): void {
  subsegment.http = { request, ...(status === undefined ? {} : { response: { status } }) };
}

function isDaemon(tracer: Tracer, url: URL): boolean {
  const { host, port } = tracer.config.daemon.tcp;
  return url.hostname === host && Number(url.port || 80) === port;
}
