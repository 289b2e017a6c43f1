import { formatDaemonAddress, parseDaemonAddress } from './daemon-address';

const at = (host: string, port: number) => ({ host, port });

describe('parseDaemonAddress', () => {
  it.each([
    ['127.0.0.1:2000', { udp: at('127.0.0.1', 2000), tcp: at('127.0.0.1', 2000) }],
    ['  xray-daemon:2000 ', { udp: at('xray-daemon', 2000), tcp: at('xray-daemon', 2000) }],
    ['udp:10.0.0.1:2000 tcp:10.0.0.2:3000', { udp: at('10.0.0.1', 2000), tcp: at('10.0.0.2', 3000) }],
    ['tcp:10.0.0.2:3000 udp:10.0.0.1:2000', { udp: at('10.0.0.1', 2000), tcp: at('10.0.0.2', 3000) }],
    ['udp:a:1   tcp:b:65535', { udp: at('a', 1), tcp: at('b', 65535) }],
  ])('%j', (text, expected) => {
    expect(parseDaemonAddress(text)).toEqual(expected);
  });

  it.each([
    '',
    '2000',
    'localhost',
    'localhost:',
    ':2000',
    'localhost:0',
    'localhost:65536',
    'localhost:123456',
    'local host:2000',
    'udp:a:1',
    'tcp:a:1',
    'udp:a:1 udp:b:2',
    'tcp:a:1 tcp:b:2',
    'udp:a:1 tcp:b:2 udp:c:3',
    'UDP:a:1 TCP:b:2',
    'udp:a tcp:b:2',
    'a:1 b:2',
    'http://a:1',
    '[::1]:2000',
    'udp:[::1]:2000 tcp:[::1]:2000',
    'a:1;rm',
    'a:1\nb',
  ])('rejects %j naming both accepted forms', (text) => {
    expect(() => parseDaemonAddress(text)).toThrow(/"host:port" or "udp:host:port tcp:host:port"/);
  });

  it('formats the short form when UDP and TCP are the same, and round-trips', () => {
    for (const text of ['127.0.0.1:2000', 'udp:a:1 tcp:b:2'])
      expect(formatDaemonAddress(parseDaemonAddress(text))).toBe(text);
    expect(formatDaemonAddress(parseDaemonAddress('tcp:a:1 udp:a:1'))).toBe('a:1');
  });
});
