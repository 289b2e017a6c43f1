import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import type { AddressInfo, Server } from 'node:net';
import { firstValueFrom, map, timeout } from 'rxjs';
import { currentTrace, runInTrace } from '../context/trace-context';
import { defined } from '@cruddur/test-kit';
import { formatTraceparent, parseTraceHeader } from '@cruddur/xray-contracts';
import type { RecordedSegment, RecordedSubsegment } from '../testing/in-memory-exporter';
import { captureHandlerExceptions } from '../handlers/handler-exception-capture';
import { startTestTracer, TestTracer, upstreamHeader } from '../testing/test-tracer';
import { metadataOfPacket } from './trace-metadata';
import { TracedClientTcp } from './traced-client-tcp';
import { TracedServerTcp } from './traced-server-tcp';

const events: unknown[] = [];
/** The metadata of each packet, as the server received it. */
const metadata: Array<Readonly<Record<string, unknown>> | undefined> = [];
/** The X-Ray trace header of the last packet. */
const lastHeader = () => metadata.at(-1)?.['x-amzn-trace-id'] as string | undefined;

class RecordingServer extends TracedServerTcp {
  override handleMessage(
    socket: Parameters<TracedServerTcp['handleMessage']>[0],
    rawMessage: unknown,
  ): Promise<unknown> {
    metadata.push(metadataOfPacket(rawMessage));
    return super.handleMessage(socket, rawMessage);
  }
}
let releaseEvent: () => void = () => undefined;

@Controller()
class EchoController {
  @MessagePattern('echo')
  echo(@Payload() data: unknown) {
    return { data };
  }

  @MessagePattern('missing')
  missing(): never {
    throw new RpcException({ status: 404, message: 'no such thing' });
  }

  @MessagePattern('broken')
  async broken(): Promise<never> {
    throw new TypeError('kaput');
  }

  @MessagePattern('hang')
  hang(): Promise<never> {
    return new Promise(() => undefined);
  }

  @EventPattern('noted')
  noted(@Payload() data: unknown) {
    events.push(data);
    releaseEvent();
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}
// What TracingModule does for an app's controllers (this app is built without it).
captureHandlerExceptions([EchoController]);

let daemon: TestTracer;
let app: INestMicroservice;
let client: TracedClientTcp;

beforeAll(async () => {
  daemon = await startTestTracer({ contextMissing: 'IGNORE_ERROR' });
  const strategy = new RecordingServer({ host: '127.0.0.1', port: 0 });
  app = await NestFactory.createMicroservice(EchoModule, { strategy, logger: false });
  await app.listen();
  const { port } = strategy.unwrap<Server>().address() as AddressInfo;
  client = new TracedClientTcp({ host: '127.0.0.1', port, serviceName: 'echo-service' });
});

afterAll(async () => {
  client?.close();
  await app?.close();
  await daemon?.stop();
});

function startTrace(sampled: '0' | '1' = '1') {
  return daemon.tracer.startSegment({
    name: 'caller',
    incoming: parseTraceHeader(upstreamHeader(sampled)),
    trustSampling: true,
    sampleRequest: { serviceName: 'x' },
  });
}

/** Closes the caller's segment and returns its call (its first subsegment) and the server's segment. */
async function documents(
  trace: ReturnType<typeof startTrace>,
): Promise<{ call: RecordedSubsegment; server?: RecordedSegment }> {
  daemon.tracer.finish(trace.segment, { kind: 'ok' });
  const segments = await daemon.exporter.waitForTrace(trace.traceId, (s) => s.some((x) => x.name === 'caller'));
  const caller = defined(
    segments.find((s) => s.name === 'caller'),
    'the caller segment',
  );
  return {
    call: defined(caller.subsegments?.[0], "the caller's call subsegment"),
    server: segments.find((s) => s.name === 'test-service'),
  };
}

describe('TracedClientTcp against a real Nest TCP microservice', () => {
  it('sends Root, Parent (its remote subsegment) and Sampled in the packet metadata, and the payload unchanged', async () => {
    const payload = { text: 'hello', list: [1, 'two', { three: null }], metadata: 'not ours' };
    const trace = startTrace('1');
    const reply = await runInTrace(trace, () => firstValueFrom(client.send<{ data: unknown }>('echo', payload)));
    expect(reply.data).toEqual(payload);

    const { call, server } = await documents(trace);
    expect(call).toMatchObject({
      name: 'echo-service',
      namespace: 'remote',
      annotations: { rpc_pattern: 'echo' },
      end_time: expect.any(Number),
    });
    expect(call.fault).toBeUndefined();
    expect(call.metadata?.default?.rpc).toMatchObject({ pattern: 'echo', kind: 'send', transport: 'tcp' });
    expect(parseTraceHeader(lastHeader())).toEqual({
      root: trace.traceId,
      parent: call.id,
      sampled: '1',
      lineage: undefined,
    });
    // The server continued the trace under the remote subsegment, and closed it with its answer.
    expect(server).toMatchObject({
      trace_id: trace.traceId,
      parent_id: call.id,
      annotations: { rpc_pattern: 'echo' },
      end_time: expect.any(Number),
    });
    expect([server?.fault, server?.error]).toEqual([undefined, undefined]);
  });

  it('carries Sampled=0 for an unsampled caller, and the server sends nothing', async () => {
    const trace = startTrace('0');
    await runInTrace(trace, () => firstValueFrom(client.send('echo', 1)));
    expect(parseTraceHeader(lastHeader())).toMatchObject({ root: trace.traceId, sampled: '0' });
    expect(parseTraceHeader(lastHeader())?.parent).toBe(trace.spanId);
    expect(metadata.at(-1)?.traceparent).toBe(formatTraceparent(trace.traceId, trace.spanId, false));
    await new Promise((r) => setTimeout(r, 50));
    expect(daemon.exporter.forTrace(trace.traceId)).toEqual([]);
  });

  it('works without a surrounding trace and sends no metadata', async () => {
    const reply = await firstValueFrom(client.send('echo', { a: 1 }));
    expect(reply).toEqual({ data: { a: 1 } });
    expect(metadata.at(-1)).toBeUndefined();
  });

  it('delivers the answer in the caller’s own trace, sampled or not, whoever opened the connection', async () => {
    const [a, b] = [startTrace('1'), startTrace('0')];
    const seen = await Promise.all(
      [a, b, a, b].map((t) =>
        runInTrace(t, () => firstValueFrom(client.send('echo', 0).pipe(map(() => currentTrace()?.traceId)))),
      ),
    );
    expect(seen).toEqual([a, b, a, b].map((t) => t.traceId));
    const untraced = await firstValueFrom(client.send('echo', 0).pipe(map(() => currentTrace())));
    expect(untraced).toBeUndefined();
  });

  it('records a 4xx answer as an error on the remote subsegment', async () => {
    const trace = startTrace();
    await expect(runInTrace(trace, () => firstValueFrom(client.send('missing', {})))).rejects.toMatchObject({
      status: 404,
    });
    const { call, server } = await documents(trace);
    expect(call).toMatchObject({
      error: true,
      cause: { exceptions: [{ message: 'no such thing' }] },
    });
    expect(call.fault).toBeUndefined();
    expect(server).toMatchObject({ error: true, cause: { exceptions: [{ message: 'no such thing' }] } });
  });

  it("records the handler's own exception as the server's fault, not the filter's generic answer", async () => {
    const trace = startTrace();
    await expect(runInTrace(trace, () => firstValueFrom(client.send('broken', {})))).rejects.toMatchObject({
      message: 'Internal server error',
    });
    const { call, server } = await documents(trace);
    expect(call).toMatchObject({ fault: true });
    expect(server).toMatchObject({
      fault: true,
      end_time: expect.any(Number),
      cause: { exceptions: [{ message: 'kaput', type: 'TypeError' }] },
    });
  });

  it('records a message no handler takes on the caller only', async () => {
    const trace = startTrace();
    await expect(runInTrace(trace, () => firstValueFrom(client.send('nobody', {})))).rejects.toMatch(
      'no matching message handler',
    );
    const { call, server } = await documents(trace);
    expect(call).toMatchObject({ fault: true });
    expect(server).toBeUndefined();
  });

  it('closes the subsegment with a fault when the caller times out', async () => {
    const trace = startTrace();
    await expect(runInTrace(trace, () => firstValueFrom(client.send('hang', {}).pipe(timeout(100))))).rejects.toThrow(
      'Timeout',
    );
    const { call } = await documents(trace);
    expect(call).toMatchObject({
      name: 'echo-service',
      fault: true,
      end_time: expect.any(Number),
      cause: { exceptions: [{ message: 'echo-service did not answer before the caller gave up' }] },
    });
  });

  it('emit carries the trace header to the event handler and records the call', async () => {
    const trace = startTrace();
    const arrived = new Promise<void>((resolve) => (releaseEvent = resolve));
    await runInTrace(trace, () => firstValueFrom(client.emit('noted', { n: 1 }), { defaultValue: undefined }));
    await arrived;
    const { call } = await documents(trace);
    expect(call).toMatchObject({
      name: 'echo-service',
      annotations: { rpc_pattern: 'noted' },
      metadata: { default: { rpc: { kind: 'emit' } } },
    });
    expect(events.at(-1)).toEqual({ n: 1 });
    expect(lastHeader()).toBe(`Root=${trace.traceId};Parent=${call.id};Sampled=1`);
    const segments = await daemon.exporter.waitForTrace(trace.traceId, (s) => s.some((x) => x.name === 'test-service'));
    expect(segments.find((x) => x.name === 'test-service')).toMatchObject({
      parent_id: call.id,
      annotations: { rpc_pattern: 'noted' },
    });
    expect(metadata.at(-1)?.traceparent).toBe(formatTraceparent(trace.traceId, call.id, true));
  });
});
