import { type INestApplication, type INestMicroservice, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TraceAwareLogger, TracedServerTcp } from '@cruddur/tracing';
import { bodyParserErrorHandler } from '../validation/body-parser-errors';
import { depthLimitedJsonReviver } from '../validation/json-depth';
import { httpValidationPipe, rpcValidationPipe } from '../validation/validation-pipes';
import { type ServiceDefinition, serviceRootModule } from './service-definition';

/**
 * Starts an HTTP service: traced (every request gets a segment, its callers' TCP clients a
 * subsegment per call, logs carry the trace id), its input validated (JSON bodies up to 64 KB
 * and 32 levels deep, DTOs through the HTTP validation pipe) and stopped gracefully on SIGTERM.
 */
export async function startHttpService(definition: ServiceDefinition): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(serviceRootModule(definition), {
    bodyParser: false,
    logger: new TraceAwareLogger(),
  });
  // Malformed or deeper JSON is a 400, a larger body a 413 (Nest answers both as JSON). Deeper
  // bodies would overflow class-transformer's stack: a 500.
  app.useBodyParser('json', { limit: '64kb', reviver: depthLimitedJsonReviver() });
  app.use(bodyParserErrorHandler());
  app.useGlobalPipes(httpValidationPipe());
  app.enableShutdownHooks();
  const { host, port } = definition.address;
  await app.listen(port, host);
  Logger.log(`listening on http://${host}:${port}`, definition.name);
  return app;
}

/**
 * Starts a Nest microservice on the TCP transport: traced (its server reads the caller's trace
 * context from packet metadata, every message gets a segment), every payload validated (a bad
 * one is a 422-shaped RPC error) and stopped gracefully on SIGTERM.
 */
export async function startTcpService(definition: ServiceDefinition): Promise<INestMicroservice> {
  const { host, port } = definition.address;
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(serviceRootModule(definition), {
    strategy: new TracedServerTcp({ host, port }),
    logger: new TraceAwareLogger(),
  });
  app.useGlobalPipes(rpcValidationPipe());
  app.enableShutdownHooks();
  await app.listen();
  Logger.log(`listening on tcp://${host}:${port}`, definition.name);
  return app;
}
