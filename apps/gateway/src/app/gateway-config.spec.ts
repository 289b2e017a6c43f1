import { ConfigError } from '@cruddur/command-line';
import { gatewayConfig } from './gateway-config';

describe('gatewayConfig', () => {
  it('defaults to loopback, the standard ports and short deadlines', () => {
    expect(gatewayConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 4567,
      activities: { host: '127.0.0.1', port: 4001 },
      notifications: { host: '127.0.0.1', port: 4002 },
      rpcTimeoutMs: 3000,
      healthTimeoutMs: 1000,
    });
  });

  it('reads where each service is and the deadlines from env', () => {
    const env = {
      HOST: '0.0.0.0',
      PORT: '8080',
      ACTIVITIES_HOST: 'activities',
      ACTIVITIES_PORT: '5001',
      NOTIFICATIONS_HOST: 'notifications',
      NOTIFICATIONS_PORT: '5002',
      RPC_TIMEOUT_MS: '1500',
      HEALTH_TIMEOUT_MS: '200',
    };
    expect(gatewayConfig(env)).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      activities: { host: 'activities', port: 5001 },
      notifications: { host: 'notifications', port: 5002 },
      rpcTimeoutMs: 1500,
      healthTimeoutMs: 200,
    });
  });

  it('reports every invalid setting at once', () => {
    let error: unknown;
    try {
      gatewayConfig({ PORT: '0', ACTIVITIES_PORT: 'x', NOTIFICATIONS_HOST: 'http://n', HEALTH_TIMEOUT_MS: '-5' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split('=')[0])).toEqual([
      'PORT',
      'ACTIVITIES_PORT',
      'NOTIFICATIONS_HOST',
      'HEALTH_TIMEOUT_MS',
    ]);
  });
});
