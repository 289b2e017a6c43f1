import { DynamicModule, Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { ServiceNames } from '@cruddur/contracts';
import { ActivitiesController } from './activities.controller';
import { GatewayConfig } from './gateway-config';
import { HealthController } from './health.controller';
import { serviceClientProviders } from './service-clients';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ClientsModule.register([
          { name: ServiceNames.activities, transport: Transport.TCP, options: config.activities },
          { name: ServiceNames.notifications, transport: Transport.TCP, options: config.notifications },
        ]),
      ],
      controllers: [ActivitiesController, HealthController],
      providers: serviceClientProviders(config),
    };
  }
}
