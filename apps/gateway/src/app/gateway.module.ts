import { DynamicModule, Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { ServiceNames } from '@cruddur/contracts';
import { tracedTcpClient, TracingModule } from '@cruddur/tracing';
import { ActivitiesController } from './activities.controller';
import { GatewayConfig } from './gateway-config';
import { HealthController } from './health.controller';
import { gatewaySamplingRules } from './sampling-rules';
import { serviceClientProviders } from './service-clients';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        TracingModule.forRoot({
          serviceName: ServiceNames.gateway,
          trustIncomingSampling: config.trustIncomingSampling,
          samplingRules: gatewaySamplingRules,
        }),
        ClientsModule.register([
          tracedTcpClient(ServiceNames.activities, config.activities),
          tracedTcpClient(ServiceNames.notifications, config.notifications),
        ]),
      ],
      controllers: [ActivitiesController, HealthController],
      providers: serviceClientProviders(config),
    };
  }
}
