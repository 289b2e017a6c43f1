import { ConfigError } from '@cruddur/command-line';
import { activitiesConfig } from './activities-config';

describe('activitiesConfig', () => {
  it('defaults to loopback and the standard ports', () => {
    expect(activitiesConfig({})).toEqual({
      host: '127.0.0.1',
      port: 4001,
      notificationsHost: '127.0.0.1',
      notificationsPort: 4002,
      eventTimeoutMs: 3000,
    });
  });

  it('reads every setting from env', () => {
    const env = {
      HOST: '0.0.0.0',
      PORT: '5001',
      NOTIFICATIONS_HOST: 'notifications',
      NOTIFICATIONS_PORT: '5002',
      RPC_TIMEOUT_MS: '250',
    };
    expect(activitiesConfig(env)).toEqual({
      host: '0.0.0.0',
      port: 5001,
      notificationsHost: 'notifications',
      notificationsPort: 5002,
      eventTimeoutMs: 250,
    });
  });

  it('reports every invalid setting at once', () => {
    let error: unknown;
    try {
      activitiesConfig({ PORT: '70000', NOTIFICATIONS_HOST: 'tcp://x', RPC_TIMEOUT_MS: 'soon' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split('=')[0])).toEqual([
      'PORT',
      'NOTIFICATIONS_HOST',
      'RPC_TIMEOUT_MS',
    ]);
  });
});
