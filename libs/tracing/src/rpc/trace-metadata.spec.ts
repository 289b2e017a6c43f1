import { RpcException } from '@nestjs/microservices';
import { outcomeOfRpcError } from './rpc-outcome';
import { incomingTraceHeader, runWithIncomingMetadata, traceHeaderOfPacket, TRACE_METADATA_KEY } from './trace-metadata';
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

describe('incoming metadata context', () => {
  it('is visible to async code of the message only', async () => {
    expect(incomingTraceHeader()).toBeUndefined();
    const seen = await Promise.all(
      ['a', undefined, 'b'].map((h) => runWithIncomingMetadata(h, async () => {
        await new Promise((r) => setTimeout(r, 1));
        return incomingTraceHeader();
      })),
    );
    expect(seen).toEqual(['a', undefined, 'b']);
    expect(incomingTraceHeader()).toBeUndefined();
  });
});

describe('TracedServerTcp.handleMessage', () => {
  async function handle(packet: Record<string, unknown>) {
    const server = new TracedServerTcp({});
    const handler = jest.fn(async (data: unknown) => ({ data, header: incomingTraceHeader() }));
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
