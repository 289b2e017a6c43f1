import { Controller, Get, INestApplication, NotFoundException } from '@nestjs/common';
import { ApplicationConfig, NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { TracingService } from './api/tracing.service';
import { activeTracer } from './recorder/tracer-registry';
import { SegmentCollector } from '@cruddur/test-kit';
import { rootOf, upstreamHeader } from './testing/test-tracer';
import { TracingModule } from './tracing.module';
import type { TracingOptions } from './tracing-options';

@Controller()
class HelloController {
  constructor(private readonly tracing: TracingService) {}

  @Get('hello')
  hello() {
    this.tracing.annotate('greeting', 'hi');
    return { traceId: this.tracing.traceId() ?? null };
  }

  @Get('boom')
  boom(): never {
    throw new Error('kaput');
  }

  @Get('missing')
  missing(): never {
    throw new NotFoundException('nope');
  }
}

// The module builds the real exporter: segments travel over UDP to a stand-in daemon.
let daemon: { collector: SegmentCollector };
beforeAll(async () => {
  // The module reads env (env wins over options): keep the runner's settings out.
  for (const key of Object.keys(process.env))
    if (key.startsWith('AWS_XRAY_') || key.startsWith('OTEL_')) delete process.env[key];
  daemon = { collector: await SegmentCollector.start() };
});
afterAll(() => daemon.collector.close());

/** A Nest HTTP app importing `tracing` (forRoot or forRootAsync), listening on a free loopback port. */
async function startApp(tracing: ReturnType<typeof TracingModule.forRoot>) {
  const app: INestApplication = await NestFactory.create(
    { module: class AppModule {}, imports: [tracing], controllers: [HelloController] },
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}${path}`, { headers });
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body, headers });
  return { app, get, post };
}

/** The app's global interceptors, as Nest will apply them (null ones are dropped there). */
function globalInterceptors(app: INestApplication): unknown[] {
  return (app as unknown as { config: ApplicationConfig }).config.getGlobalInterceptors().filter(Boolean);
}

const options = (): TracingOptions => ({
  serviceName: 'module-test',
  daemonAddress: daemon.collector.address,
  centralizedSampling: false,
  traceOutgoingHttp: false,
});

describe('TracingModule.forRoot', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    app = await startApp(TracingModule.forRoot(options()));
  });
  afterAll(() => app.app.close());

  async function traced(path: string) {
    const incoming = upstreamHeader('1');
    const res = await app.get(path, { 'x-amzn-trace-id': incoming });
    const root = rootOf(incoming);
    expect(res.headers.get('x-amzn-trace-id')).toBe(`Root=${root};Sampled=1`);
    const [segment] = await daemon.collector.waitForTrace(root, (s) => s.length > 0);
    return { res, segment, root };
  }

  it('registers no interceptor: handlers record their exceptions themselves', () => {
    expect(globalInterceptors(app.app)).toEqual([]);
  });

  it('traces each request with the injectable TracingService inside it', async () => {
    const { res, segment, root } = await traced('/hello');
    expect(await res.json()).toEqual({ traceId: root });
    expect(segment).toMatchObject({
      name: 'module-test',
      annotations: { greeting: 'hi' },
      http: { response: { status: 200 } },
    });
  });

  it('records the exception a handler threw as the cause, whatever the filter answered', async () => {
    const boom = await traced('/boom');
    expect(boom.res.status).toBe(500);
    expect(boom.segment).toMatchObject({ fault: true, cause: { exceptions: [{ message: 'kaput', type: 'Error' }] } });
    const missing = await traced('/missing');
    expect(missing.res.status).toBe(404);
    expect(missing.segment).toMatchObject({
      error: true,
      cause: { exceptions: [{ message: 'nope', type: 'NotFoundException' }] },
    });
    expect(missing.segment.fault).toBeUndefined();
  });

  it('traces unknown routes too', async () => {
    const { res, segment } = await traced('/nowhere');
    expect(res.status).toBe(404);
    expect(segment).toMatchObject({ error: true, http: { request: { url: expect.stringMatching(/\/nowhere$/) } } });
  });

  it('traces requests the body parser refuses (malformed JSON), answering their trace id', async () => {
    const incoming = upstreamHeader('1');
    const root = rootOf(incoming);
    const res = await app.post('/hello', '{"message":', {
      'x-amzn-trace-id': incoming,
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-trace-id')).toBe(`Root=${root};Sampled=1`);
    const [segment] = await daemon.collector.waitForTrace(root, (s) => s.length > 0);
    expect(segment).toMatchObject({ error: true, http: { response: { status: 400 } } });
  });
});

describe('TracingModule.forRootAsync with tracing off', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    app = await startApp(TracingModule.forRootAsync({ useFactory: async () => ({ ...options(), enabled: false }) }));
  });
  afterAll(() => app.app.close());

  it('registers no tracer, no middleware and no interceptor; the service is a silent no-op', async () => {
    expect(activeTracer()).toBeUndefined();
    expect(globalInterceptors(app.app)).toEqual([]);
    const res = await app.get('/hello', { 'x-amzn-trace-id': upstreamHeader('1') });
    expect(res.headers.get('x-amzn-trace-id')).toBeNull();
    expect(await res.json()).toEqual({ traceId: null });
  });
});
