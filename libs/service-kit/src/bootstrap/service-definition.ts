import { type DynamicModule, Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import type { ServiceName } from '@cruddur/contracts';
import { tracedTcpClient, TracingModule, type TracingOptions } from '@cruddur/tracing';

export interface ServiceAddress {
  readonly host: string;
  readonly port: number;
}

/** One service as its entry point (startHttpService, startTcpService) runs it. */
export interface ServiceDefinition {
  /** The segment name and the name others call it by. */
  readonly name: ServiceName;
  /** Where it listens. */
  readonly address: ServiceAddress;
  /** Its own controllers and providers; tracing, clients and validation are added by the entry point. */
  readonly module: DynamicModule;
  /**
   * The services it calls over TCP and where they listen: each is a traced client, injectable
   * as a ClientProxy under the service's name (`@Inject(ServiceNames.notifications)`).
   */
  readonly calls?: Partial<Readonly<Record<ServiceName, ServiceAddress>>>;
  /** Tracing settings other than the service name (sampling rules, trusting `Sampled=` ...). */
  readonly tracing?: Omit<TracingOptions, 'serviceName'>;
}

@Module({})
class ServiceRootModule {}

/**
 * The service's module with everything it is traced by: TracingModule for its name (segments for
 * every request and message) and a traced TCP client per service it calls, global so its own
 * module injects them without importing anything.
 */
export function serviceRootModule(definition: ServiceDefinition): DynamicModule {
  const clients = Object.entries(definition.calls ?? {}).map(([name, address]) =>
    tracedTcpClient(name, { host: address.host, port: address.port }),
  );
  return {
    module: ServiceRootModule,
    imports: [
      TracingModule.forRoot({ ...definition.tracing, serviceName: definition.name }),
      ClientsModule.register({ clients, isGlobal: true }),
      definition.module,
    ],
  };
}
