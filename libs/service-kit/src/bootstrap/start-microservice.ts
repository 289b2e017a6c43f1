import { DynamicModule, Logger, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CustomStrategy, MicroserviceOptions, Transport } from '@nestjs/microservices';

export interface MicroserviceAddress {
  host: string;
  port: number;
}

export interface MicroserviceExtras {
  /** A TCP server of the caller's own (tracing substitutes one that reads packet metadata). */
  strategy?: CustomStrategy['strategy'];
  logger?: LoggerService;
}

/** Starts a Nest microservice on the TCP transport with graceful shutdown. */
export async function startTcpMicroservice(
  service: string,
  module: DynamicModule,
  address: MicroserviceAddress,
  extras: MicroserviceExtras = {},
): Promise<void> {
  const transport: MicroserviceOptions = extras.strategy
    ? { strategy: extras.strategy }
    : { transport: Transport.TCP, options: { host: address.host, port: address.port } };
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    ...transport,
    ...(extras.logger ? { logger: extras.logger } : {}),
  });
  app.enableShutdownHooks();
  await app.listen();
  Logger.log(`listening on tcp://${address.host}:${address.port}`, service);
}
