import { isLoopbackHostHeader } from './host-header-guard';
import { formatHostPort, isLoopbackHost, parseHostPort } from './host-port';

describe('isLoopbackHostHeader', () => {
  it.each(['localhost', 'localhost:2000', 'LOCALHOST:1', '127.0.0.1', '127.0.0.1:2000', '[::1]', '[::1]:2000'])(
    'lets %s through',
    (host) => {
      expect(isLoopbackHostHeader(host)).toBe(true);
    },
  );

  it.each([
    undefined,
    '',
    'evil.example',
    'evil.example:2000',
    'localhost.evil.example',
    '127.0.0.1.evil.example',
    '127.0.0.2',
    '::1',
    '[::1]:x',
    '10.0.0.1:2000',
  ])('refuses %s', (host) => {
    expect(isLoopbackHostHeader(host)).toBe(false);
  });
});

describe('host:port', () => {
  it('parses and formats IPv4, names and bracketed IPv6', () => {
    expect(parseHostPort('127.0.0.1:2000')).toEqual({ host: '127.0.0.1', port: 2000 });
    expect(parseHostPort('xray-daemon:2000')).toEqual({ host: 'xray-daemon', port: 2000 });
    expect(parseHostPort('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(formatHostPort({ host: '::1', port: 2000 })).toBe('[::1]:2000');
    expect(['', ':2000', 'host', 'host:', 'host:99999', '::1:2000', 'a b:1'].map(parseHostPort)).toEqual(
      Array(7).fill(undefined),
    );
  });

  it('knows loopback hosts', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});
