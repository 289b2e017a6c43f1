import { RpcException, ServerTCP } from '@nestjs/microservices';
import { completionOfRpcError } from './rpc-completion';
import { currentTrace } from '../context/trace-context';
import { startTestTracer, TestTracer } from '../testing/test-tracer';
import { metadataOfPacket, TRACE_METADATA_KEY } from './trace-metadata';
import { TracedServerTcp } from './traced-server-tcp';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const HEADER = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;
const TRACEPARENT = '00-5759e988bd862e3fe1be46a994272793-00f067aa0ba902b7-01';

describe('metadataOfPacket', () => {
  it.each([
    [{ pattern: 'p', data: 1, metadata: { [TRACE_METADATA_KEY]: HEADER } }, { [TRACE_METADATA_KEY]: HEADER }],
    [{ pattern: 'p', data: 1 }, undefined],
    [{ metadata: null }, undefined],
    [{ metadata: 'x-amzn-trace-id' }, undefined],
    [{ metadata: [HEADER] }, undefined],
    [null, undefined],
    ['{"metadata":{}}', undefined],
  ])('%j -> %j', (packet, expected) => {
    expect(metadataOfPacket(packet)).toEqual(expected);
  });
});

const newTrace = { traceId: expect.not.stringMatching(ROOT), parent: undefined, traceState: undefined };

describe('TracedServerTcp.handleMessage', () => {
  let daemon: TestTracer | undefined;
  beforeEach(async () => (daemon = await startTestTracer()));
  afterEach(async () => daemon?.stop());

  async function handle(packet: Record<string, unknown>) {
    const server = new TracedServerTcp({});
    // What the handler runs in: the trace the server's segment continued (or started).
    const handler = jest.fn(async (data: unknown) => {
      const trace = currentTrace();
      return {
        data,
        context: trace && { traceId: trace.traceId, parent: trace.segment?.parent_id, traceState: trace.traceState },
      };
    });
    server.addHandler('echo', handler);
    const sent = new Promise<unknown>((resolve) => server.handleMessage({ sendMessage: resolve } as never, packet));
    return { reply: await sent, handler };
  }

  it('runs the handler in the trace the packet names, and the handler gets exactly the data sent', async () => {
    const data = { text: 'hi', nested: [1, { metadata: 'x' }] };
    const { reply, handler } = await handle({
      pattern: 'echo',
      data,
      id: '7',
      metadata: { [TRACE_METADATA_KEY]: HEADER },
    });
    expect(handler).toHaveBeenCalledWith(data, expect.anything());
    expect(reply).toEqual({
      id: '7',
      response: { data, context: { traceId: ROOT, parent: '53995c3f42cd8ad8', traceState: undefined } },
      isDisposed: true,
    });
  });

  it('reads W3C traceparent and tracestate from the metadata too', async () => {
    const { reply } = await handle({
      pattern: 'echo',
      data: 3,
      id: '6',
      metadata: { traceparent: TRACEPARENT, tracestate: 'congo=t61rcWkgMzE' },
    });
    expect(reply).toMatchObject({
      response: { context: { traceId: ROOT, parent: '00f067aa0ba902b7', traceState: 'congo=t61rcWkgMzE' } },
    });
  });

  it.each([
    [{ [TRACE_METADATA_KEY]: 42 }],
    [{ 'X-Amzn-Trace-Id': HEADER }],
    [{ traceparent: TRACEPARENT.toUpperCase() }],
  ])('starts a new trace for metadata that names no valid context: %j', async (metadata) => {
    const { reply } = await handle({ pattern: 'echo', data: 4, id: '5', metadata });
    expect(reply).toEqual({ id: '5', response: { data: 4, context: newTrace }, isDisposed: true });
  });

  it('sets no context at all when tracing is off', async () => {
    await daemon?.stop();
    daemon = undefined;
    const { reply } = await handle({ pattern: 'echo', data: 2, id: '9', metadata: { [TRACE_METADATA_KEY]: HEADER } });
    expect(reply).toEqual({ id: '9', response: { data: 2, context: undefined }, isDisposed: true });
  });

  it('starts a new trace for a packet without metadata', async () => {
    const { reply } = await handle({ pattern: 'echo', data: 1, id: '8' });
    expect(reply).toEqual({ id: '8', response: { data: 1, context: newTrace }, isDisposed: true });
  });
});

describe('completionOfRpcError', () => {
  it.each([
    [new RpcException({ status: 404, message: 'no such activity' }), 'error', false],
    [new RpcException({ statusCode: 400 }), 'error', false],
    [new RpcException({ status: 429 }), 'error', true],
    [{ status: 429, message: 'slow down' }, 'error', true],
    [{ status: 503 }, 'fault', undefined],
    [new RpcException('plain message'), 'fault', undefined],
    [new Error('broken'), 'fault', undefined],
    [{ status: '404' }, 'fault', undefined],
    [undefined, 'fault', undefined],
  ])('case %# -> %s', (error, kind, throttle) => {
    const outcome = completionOfRpcError(error);
    expect(outcome).toEqual({ kind, cause: error, ...(throttle === undefined ? {} : { throttle }) });
  });
});

describe('TracedServerTcp routes', () => {
  /** Nest's own server and ours, with the protected lookup in reach. */
  class NestRoutes extends ServerTCP {
    route = (pattern: string) => this.getRouteFromPattern(pattern);
  }
  class OurRoutes extends TracedServerTcp {
    route = (pattern: string) => this.getRouteFromPattern(pattern);
  }
  const nest = new NestRoutes({});
  const ours = new OurRoutes({});

  it.each([
    'activities.home',
    'notifications.created',
    'nul',
    'truex',
    'tru e',
    'null',
    'true',
    ' false \n',
    '',
    '-',
    '-1',
    '42',
    '"quoted"',
    '[1,"a"]',
    '{"cmd":"sum"}',
    '{"b":1,"a":{"d":"x","c":2}}',
    ' \t{"a":1}',
    '{not json',
    '\u00a0{"a":1}',
  ])('names the route Nest names for %j', (pattern) => {
    expect(ours.route(pattern)).toBe(nest.route(pattern));
  });
});
