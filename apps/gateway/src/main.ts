import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { bodyParserErrorHandler, depthLimitedJsonReviver, httpValidationPipe, runService } from '@cruddur/service-kit';
import { TraceAwareLogger } from '@cruddur/tracing';
import { gatewayConfig } from './app/gateway-config';
import { GatewayModule } from './app/gateway.module';

runService('gateway', async () => {
  const config = gatewayConfig();
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config), {
    bodyParser: false,
    logger: new TraceAwareLogger(),
  });
  // JSON bodies up to 64 KB and 32 levels deep: malformed or deeper JSON is a 400, a larger body a
  // 413 (Nest answers both as JSON). Deeper bodies would overflow class-transformer's stack: a 500.
  app.useBodyParser('json', { limit: '64kb', reviver: depthLimitedJsonReviver() });
  app.use(bodyParserErrorHandler());
  app.useGlobalPipes(httpValidationPipe());
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  Logger.log(`listening on http://${config.host}:${config.port}`, 'gateway');
});
