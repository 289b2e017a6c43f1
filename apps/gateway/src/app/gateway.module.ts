import { DynamicModule, Module } from '@nestjs/common';
import { ActivitiesController } from './activities.controller';
import { GatewayConfig } from './gateway-config';
import { HealthController } from './health.controller';
import { serviceClientProviders } from './service-clients';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [ActivitiesController, HealthController],
      providers: serviceClientProviders(config),
    };
  }
}
