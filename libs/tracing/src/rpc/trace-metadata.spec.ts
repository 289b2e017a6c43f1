import { RpcException } from '@nestjs/microservices';
import { outcomeOfRpcError } from './rpc-outcome';
import { incomingPacketTraceHeader } from '../context/trace-context';
import { startTestTracer, TestTracer } from '../testing/test-tracer';
import { traceHeaderOfPacket, TRACE_METADATA_KEY } from './trace-metadata';
import { TracedServerTcp } from './traced-server-tcp';

const HEADER = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

describe('traceHeaderOfPacket', () => {
  it.each([
    [{ pattern: 'p', data: 1, metadata: { [TRACE_METADATA_KEY]: HEADER } }, HEADER],
    [{ pattern: 'p', data: 1 }, undefined],
    [{ metadata: null }, undefined],
    [{ metadata: 'x-amzn-trace-id' }, undefined],
    [{ metadata: { [TRACE_METADATA_KEY]: 42 } }, undefined],
    [{ metadata: { [TRACE_METADATA_KEY]: [HEADER] } }, undefined],
    [{ metadata: { 'X-Amzn-Trace-Id': HEADER } }, undefined],
    [null, undefined],
    ['{"metadata":{}}', undefined],
  ])('%j -> %j', (packet, expected) => {
    expect(traceHeaderOfPacket(packet)).toBe(expected);
  });
});

describe('TracedServerTcp.handleMessage', () => {
  let daemon: TestTracer | undefined;
  beforeEach(async () => (daemon = await startTestTracer()));
  afterEach(async () => daemon?.stop());

  async function handle(packet: Record<string, unknown>) {
    const server = new TracedServerTcp({});
    const handler = jest.fn(async (data: unknown) => ({ data, header: incomingPacketTraceHeader() }));
    server.addHandler('echo', handler);
    const sent = new Promise<unknown>((resolve) => server.handleMessage({ sendMessage: resolve } as never, packet));
    return { reply: await sent, handler };
  }

  it('exposes the packet trace header to the handler, which gets exactly the data sent', async () => {
    const data = { text: 'hi', nested: [1, { metadata: 'x' }] };
    const { reply, handler } = await handle({ pattern: 'echo', data, id: '7', metadata: { [TRACE_METADATA_KEY]: HEADER } });
    expect(handler).toHaveBeenCalledWith(data, expect.anything());
    expect(reply).toEqual({ id: '7', response: { data, header: HEADER }, isDisposed: true });
  });

  it('sets no context at all when tracing is off', async () => {
    await daemon?.stop();
    daemon = undefined;
    const { reply } = await handle({ pattern: 'echo', data: 2, id: '9', metadata: { [TRACE_METADATA_KEY]: HEADER } });
    expect(reply).toEqual({ id: '9', response: { data: 2, header: undefined }, isDisposed: true });
  });

  it('leaves the header undefined for a packet without metadata', async () => {
    const { reply } = await handle({ pattern: 'echo', data: 1, id: '8' });
    expect(reply).toEqual({ id: '8', response: { data: 1, header: undefined }, isDisposed: true });
  });
});

describe('outcomeOfRpcError', () => {
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
    const outcome = outcomeOfRpcError(error);
    expect(outcome).toEqual({ kind, cause: error, ...(throttle === undefined ? {} : { throttle }) });
  });
});
