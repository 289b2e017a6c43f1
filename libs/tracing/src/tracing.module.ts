import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  MiddlewareConsumer,
  Module,
  NestMiddleware,
  NestModule,
  OnApplicationShutdown,
  Optional,
  Provider,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TracingService } from './api/tracing.service';
import { resolveTracingConfig, TracingConfig } from './config/tracing-config';
import { traceHttpRequest } from './http/http-tracing.middleware';
import { captureHandlerExceptions } from './handlers/handler-exception-capture';
import { buildTracer } from './setup/build-tracer';
import { activeTracer, setActiveTracer } from './recorder/tracer-registry';
import { traceFetch } from './outgoing-http/fetch-tracing';
import { traceNodeHttpClients } from './outgoing-http/node-http-tracing';
import type { TracingModuleAsyncOptions, TracingOptions } from './tracing-options';

const TRACING_CONFIG = Symbol('tracing-config');

/** Resolves the options and, when tracing is on, configures the process's tracer. */
function start(options: TracingOptions): TracingConfig {
  const config = resolveTracingConfig(options);
  setActiveTracer(config.enabled ? buildTracer(config) : undefined);
  if (config.enabled && config.traceOutgoingHttp) {
    traceNodeHttpClients();
    traceFetch();
  }
  return config;
}

function traceIfOn(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
  const tracer = activeTracer();
  if (!tracer) return next();
  traceHttpRequest(tracer, req, res, next);
}

@Injectable()
class HttpTracingMiddleware implements NestMiddleware {
  use(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
    traceIfOn(req, res, next);
  }
}

/**
 * One import per service: `TracingModule.forRoot({ serviceName: 'gateway' })`. When tracing is
 * on: the HTTP segment middleware, handlers that record their exceptions in the segment, and the
 * injectable TracingService. Microservice messages and events are traced by TracedServerTcp.
 * No interceptor: see captureHandlerExceptions for why.
 */
@Global()
@Module({})
export class TracingModule implements NestModule, OnApplicationShutdown {
  private readonly mountedOnAdapter: boolean;

  constructor(
    @Inject(TRACING_CONFIG) private readonly config: TracingConfig,
    discovery: DiscoveryService,
    @Optional() adapterHost?: HttpAdapterHost,
  ) {
    // Now, while the app is being created: Nest reads the handlers when it registers routes and
    // listeners at init. Controllers without a class (value providers) have nothing to wrap.
    if (config.enabled)
      captureHandlerExceptions(discovery.getControllers().flatMap(({ metatype }) => (metatype ? [metatype] : [])));
    // Mounted on the HTTP adapter now, while the app is being created: ahead of the body parsers
    // (Nest's, or the app's useBodyParser), so a request they refuse (malformed JSON 400, body too
    // large 413) is traced and answered with its trace id like any other. Apps built without an
    // adapter yet (Test.createTestingModule) get the module middleware below instead.
    const adapter = config.enabled ? adapterHost?.httpAdapter : undefined;
    adapter?.use(traceIfOn);
    this.mountedOnAdapter = adapter !== undefined;
  }

  static forRoot(options: TracingOptions): DynamicModule {
    return TracingModule.build({ provide: TRACING_CONFIG, useFactory: () => start(options) });
  }

  static forRootAsync(options: TracingModuleAsyncOptions): DynamicModule {
    return TracingModule.build(
      {
        provide: TRACING_CONFIG,
        useFactory: async (...args: never[]) => start(await options.useFactory(...args)),
        inject: (options.inject ?? []) as never[],
      },
      options.imports as DynamicModule['imports'],
    );
  }

  private static build(configProvider: Provider, imports: DynamicModule['imports'] = []): DynamicModule {
    return {
      module: TracingModule,
      global: true,
      imports: [DiscoveryModule, ...imports],
      providers: [configProvider, TracingService],
      exports: [TracingService],
    };
  }

  /** Sends what the exporters still hold (OTLP batches) before the process exits. */
  async onApplicationShutdown(): Promise<void> {
    const tracer = activeTracer();
    if (tracer?.config !== this.config) return;
    setActiveTracer(undefined);
    await tracer.shutdown();
  }

  configure(consumer: MiddlewareConsumer): void {
    if (this.config.enabled && !this.mountedOnAdapter) consumer.apply(HttpTracingMiddleware).forRoutes('{*path}');
  }
}
