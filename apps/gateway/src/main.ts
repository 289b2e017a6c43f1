import 'reflect-metadata';
import { ServiceNames } from '@cruddur/contracts';
import { runService, startHttpService } from '@cruddur/service-kit';
import { gatewayConfig } from './app/gateway-config';
import { GatewayModule } from './app/gateway.module';
import { gatewaySamplingRules } from './app/sampling-rules';

runService('gateway', () => {
  const config = gatewayConfig();
  return startHttpService({
    name: ServiceNames.gateway,
    address: config,
    module: GatewayModule.forRoot(config),
    calls: { activities: config.activities, notifications: config.notifications },
    tracing: { trustIncomingSampling: config.trustIncomingSampling, samplingRules: gatewaySamplingRules },
  });
});
