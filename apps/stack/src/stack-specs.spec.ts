import { ConfigError } from '@cruddur/service-kit';
import { stackSpecs } from './stack-specs';

describe('stackSpecs', () => {
  it('starts services before their callers, on the default ports, wired to each other', () => {
    const specs = stackSpecs({}, '/dist/apps/stack');
    expect(specs.map((s) => s.name)).toEqual(['notifications', 'activities', 'gateway']);
    expect(specs.map((s) => s.port)).toEqual([4002, 4001, 4567]);
    expect(specs[2].script).toBe('/dist/apps/gateway/main.js');
    expect(specs[2].env).toMatchObject({ PORT: '4567', ACTIVITIES_PORT: '4001', NOTIFICATIONS_PORT: '4002' });
    expect(specs[1].env).toMatchObject({ PORT: '4001', NOTIFICATIONS_PORT: '4002' });
  });

  it('moves every port with its env var, on both sides of each connection', () => {
    const specs = stackSpecs({ GATEWAY_PORT: '8080', ACTIVITIES_PORT: '5001', NOTIFICATIONS_PORT: '5002' }, '/d/stack');
    const gateway = specs.find((s) => s.name === 'gateway');
    expect(gateway?.env).toMatchObject({ PORT: '8080', ACTIVITIES_PORT: '5001', NOTIFICATIONS_PORT: '5002' });
    expect(gateway?.url).toBe('http://127.0.0.1:8080/api/activities/home');
  });

  it('rejects invalid ports, naming each', () => {
    expect(() => stackSpecs({ GATEWAY_PORT: 'x', ACTIVITIES_PORT: '70000' }, '/d')).toThrow(ConfigError);
    try {
      stackSpecs({ GATEWAY_PORT: 'x', ACTIVITIES_PORT: '70000' }, '/d');
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });
});
