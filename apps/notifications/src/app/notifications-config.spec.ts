import { ConfigError } from '@cruddur/command-line';
import { notificationsConfig } from './notifications-config';

describe('notificationsConfig', () => {
  it('defaults to 127.0.0.1:4002', () => {
    expect(notificationsConfig({})).toEqual({ host: '127.0.0.1', port: 4002 });
  });

  it('reads HOST and PORT', () => {
    expect(notificationsConfig({ HOST: '0.0.0.0', PORT: '5002' })).toEqual({ host: '0.0.0.0', port: 5002 });
  });

  it('reports both invalid settings at once', () => {
    expect(() => notificationsConfig({ HOST: 'a b', PORT: 'x' })).toThrow(ConfigError);
    expect(() => notificationsConfig({ HOST: 'a b', PORT: 'x' })).toThrow(/HOST="a b".*\n.*PORT="x"/);
  });
});
