import { banner } from './banner';
import { prefixFor } from './log-prefixer';
import type { ServiceSpec } from './service-spec';

const spec = (name: string, url: string): ServiceSpec => ({
  name,
  url,
  script: '',
  host: '',
  port: 0,
  portEnv: '',
  env: {},
});

describe('banner', () => {
  it('lists every service with its URL aligned, any extra lines, and how to stop', () => {
    const text = banner(
      [spec('activities', 'tcp://127.0.0.1:4001'), spec('gateway', 'http://127.0.0.1:4567/api/activities/home')],
      ['  X-Ray: udp://127.0.0.1:2000'],
    );
    expect(text.split('\n')).toEqual([
      '',
      'Cruddur is up:',
      '  activities  tcp://127.0.0.1:4001',
      '  gateway     http://127.0.0.1:4567/api/activities/home',
      '  X-Ray: udp://127.0.0.1:2000',
      '  Ctrl-C stops everything.',
      '',
      '',
    ]);
  });
});

describe('prefixFor', () => {
  it('pads the name to the widest service', () => {
    expect(prefixFor('gateway', 0, 13, false)).toBe('[gateway]      ');
    expect(prefixFor('notifications', 1, 13, false)).toBe('[notifications]');
  });

  it('colours by index, cycling through the colours', () => {
    expect(prefixFor('a', 0, 1, true)).toBe('\x1b[36m[a]\x1b[0m');
    expect(prefixFor('a', 1, 1, true)).toBe('\x1b[35m[a]\x1b[0m');
    expect(prefixFor('a', 6, 1, true)).toBe(prefixFor('a', 0, 1, true));
  });
});
