import { DynamicModule, Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { ServiceNames } from '@cruddur/contracts';
import { tracedTcpClient, TracingModule, validateSamplingRuleInput } from '@cruddur/tracing';
import cruddurSamplingRule from '../../../../aws/json/xray.json';
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
        TracingModule.forRoot({
          serviceName: ServiceNames.gateway,
          trustIncomingSampling: config.trustIncomingSampling,
          samplingRules: [validateSamplingRuleInput(cruddurSamplingRule, 'aws/json/xray.json')],
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
