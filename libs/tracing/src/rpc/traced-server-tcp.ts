import { ServerTCP } from '@nestjs/microservices';
import { currentTrace, runInTrace } from '../context/trace-context';
import { takeRecordedException } from '../handlers/recorded-exception';
import type { SegmentEntity } from '../recorder/trace-entity';
import { type Completion, OK } from '../recorder/tracer';
import { activeTracer } from '../recorder/tracer-registry';
import { completionOfRpcError } from './rpc-completion';
import { metadataOfPacket } from './trace-metadata';

type Respond = Parameters<ServerTCP['send']>[1];

/**
 * Nest's TCP server that traces each message and event it has a handler for: the service's
 * segment opens when the packet arrives, continuing the caller's trace from the packet metadata
 * (a caller that sent none starts a new trace), and closes with the answer, or when an event's
 * handler is done. The handler runs in that trace, so the calls it makes continue it. Handlers,
 * guards and pipes still receive exactly the `data` the caller sent.
 */
export class TracedServerTcp extends ServerTCP {
  override handleMessage(socket: Parameters<ServerTCP['handleMessage']>[0], rawMessage: unknown): Promise<unknown> {
    const tracer = activeTracer();
    const pattern = tracer && patternOfPacket(rawMessage);
    // Tracing off: no context at all, so the service pays nothing for it. A message no handler
    // takes is answered by Nest without send(): its segment is never closed, so never sent. (Not
    // asked first: Nest's lookup tries JSON.parse on the pattern, ~8 µs a throw for a plain name.)
    if (!tracer || pattern === undefined) return super.handleMessage(socket, rawMessage);
    const metadata = metadataOfPacket(rawMessage);
    const trace = tracer.startSegment({
      name: tracer.config.serviceName,
      incoming: metadata === undefined ? undefined : tracer.extract(metadata),
      // Internal hops follow the caller: the edge decided.
      trustSampling: true,
      sampleRequest: { serviceName: tracer.config.serviceName, urlPath: pattern },
    });
    trace.segment?.addAnnotation('rpc_pattern', pattern.slice(0, 250));
    return runInTrace(trace, () => super.handleMessage(socket, rawMessage));
  }

  /**
   * Nest reads every incoming pattern with JSON.parse first (an object pattern arrives as JSON
   * text), so a plain name like `activities.home` throws and is caught: 5-8 µs a message, as much
   * as the whole unsampled trace path on Node 24. A text JSON.parse cannot accept goes straight
   * to the route it names; anything that may be JSON takes Nest's way.
   */
  protected override getRouteFromPattern(pattern: string): string {
    return MAY_BE_JSON.test(pattern) ? super.getRouteFromPattern(pattern) : this.normalizePattern(pattern);
  }

  /** A message's answer: its segment closes with the first error or the end of the stream. */
  override send(...[stream$, respond]: Parameters<ServerTCP['send']>): ReturnType<ServerTCP['send']> {
    const segment = currentTrace()?.segment;
    if (segment === undefined) return super.send(stream$, respond);
    let open = true;
    const closing: Respond = (data) => {
      if (open && ('err' in data || data.isDisposed)) {
        open = false;
        // The handler's own exception when it threw one; else what the exception filter answered.
        const recorded = takeRecordedException(segment);
        finish(segment, 'err' in data ? completionOfRpcError(recorded ?? data.err) : OK);
      }
      return respond(data);
    };
    return super.send(stream$, closing);
  }

  /** An event has no answer: its segment closes when the handler is done. */
  override async handleEvent(...args: Parameters<ServerTCP['handleEvent']>): Promise<unknown> {
    const segment = currentTrace()?.segment;
    if (segment === undefined) return super.handleEvent(...args);
    try {
      const result: unknown = await super.handleEvent(...args);
      const recorded = takeRecordedException(segment);
      finish(segment, recorded === undefined ? OK : completionOfRpcError(recorded));
      return result;
    } catch (error) {
      finish(segment, completionOfRpcError(takeRecordedException(segment) ?? error));
      throw error;
    }
  }
}

/** What JSON text can start with after its optional white space, or be: true, false, null. */
const MAY_BE_JSON = /^[ \t\n\r]*(?:[[{"\-0-9]|(?:true|false|null)[ \t\n\r]*$)/;

function finish(segment: SegmentEntity, completion: Completion): void {
  activeTracer()?.finish(segment, completion);
}

/** The packet's pattern as Nest routes it: a string, or the JSON of an object pattern. */
function patternOfPacket(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const pattern = (raw as { pattern?: unknown }).pattern;
  if (pattern === undefined) return undefined;
  return typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
}
