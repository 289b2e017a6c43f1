import { DynamicModule, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CustomStrategy, MicroserviceOptions, Transport } from '@nestjs/microservices';

export interface MicroserviceAddress {
  host: string;
  port: number;
}

/**
 * Starts a Nest microservice on the TCP transport with graceful shutdown.
 * `strategy` lets a caller substitute its own TCP server (tracing does, to read packet metadata).
 */
export async function startTcpMicroservice(
  service: string,
  module: DynamicModule,
  address: MicroserviceAddress,
  strategy?: CustomStrategy['strategy'],
): Promise<void> {
  const options: MicroserviceOptions = strategy
    ? { strategy }
    : { transport: Transport.TCP, options: { host: address.host, port: address.port } };
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, options);
  app.enableShutdownHooks();
  await app.listen();
  Logger.log(`listening on tcp://${address.host}:${address.port}`, service);
}
