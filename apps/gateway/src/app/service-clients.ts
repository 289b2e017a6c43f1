import { Provider } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { ServiceNames } from '@cruddur/contracts';
import { ServiceClient } from '@cruddur/service-kit';
import { GatewayConfig } from './gateway-config';

/** Injection tokens of the gateway's view of each service. */
export const ACTIVITIES = Symbol('activities-service');
export const NOTIFICATIONS = Symbol('notifications-service');
export const GATEWAY_CONFIG = Symbol('gateway-config');

/** Wraps each registered ClientProxy in a ServiceClient with the configured deadline. */
export function serviceClientProviders(config: GatewayConfig): Provider[] {
  return [
    { provide: GATEWAY_CONFIG, useValue: config },
    {
      provide: ACTIVITIES,
      useFactory: (proxy: ClientProxy) => new ServiceClient(ServiceNames.activities, proxy, config.rpcTimeoutMs),
      inject: [ServiceNames.activities],
    },
    {
      provide: NOTIFICATIONS,
      useFactory: (proxy: ClientProxy) => new ServiceClient(ServiceNames.notifications, proxy, config.rpcTimeoutMs),
      inject: [ServiceNames.notifications],
    },
  ];
}
