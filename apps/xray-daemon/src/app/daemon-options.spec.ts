import { UsageError } from '@cruddur/command-line';
import { parseCommandLine } from './daemon-options';

const options = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parseCommandLine(argv, env);
  if (parsed.help) throw new Error('expected options');
  return parsed.options;
};

describe('parseCommandLine', () => {
  it('defaults like the AWS daemon: UDP and HTTP on 127.0.0.1:2000, in memory', () => {
    expect(options([])).toEqual({
      udp: { host: '127.0.0.1', port: 2000 },
      tcp: { host: '127.0.0.1', port: 2000 },
      dataDir: undefined,
      samplingRuleFiles: [],
      forward: undefined,
      maxTraces: 10_000,
      maxAgeSeconds: 21_600,
      receiveBufferMb: 32,
      otlp: { host: '127.0.0.1', port: 4318 },
    });
  });

  it('--otlp / XRAY_DAEMON_OTLP move the OTLP receiver; off turns it off', () => {
    expect(options(['--otlp', '0.0.0.0:14318']).otlp).toEqual({ host: '0.0.0.0', port: 14318 });
    expect(options([], { XRAY_DAEMON_OTLP: '127.0.0.1:5318' }).otlp).toEqual({ host: '127.0.0.1', port: 5318 });
    expect(options(['--otlp', 'off'], { XRAY_DAEMON_OTLP: '127.0.0.1:5318' }).otlp).toBeUndefined();
    expect(options([], { XRAY_DAEMON_OTLP: 'OFF' }).otlp).toBeUndefined();
  });

  it('reads short and long flags, repeatable --sampling-rules and IPv6 addresses', () => {
    expect(
      options([
        '-b',
        '0.0.0.0:3000',
        '-t',
        '[::1]:3001',
        '--data-dir',
        '/d',
        '--sampling-rules',
        'a.json',
        '--sampling-rules=b.json',
        '--forward',
        'xray:2000',
        '--max-traces',
        '5',
        '--max-age',
        '60',
        '--receive-buffer',
        '64',
      ]),
    ).toEqual({
      udp: { host: '0.0.0.0', port: 3000 },
      tcp: { host: '::1', port: 3001 },
      dataDir: '/d',
      samplingRuleFiles: ['a.json', 'b.json'],
      forward: { host: 'xray', port: 2000 },
      maxTraces: 5,
      maxAgeSeconds: 60,
      receiveBufferMb: 64,
      otlp: { host: '127.0.0.1', port: 4318 },
    });
  });

  it('falls back to XRAY_DAEMON_* variables; flags win', () => {
    const env = {
      XRAY_DAEMON_BIND: '127.0.0.1:4000',
      XRAY_DAEMON_SAMPLING_RULES: 'a.json, b.json',
      XRAY_DAEMON_MAX_AGE: '30',
      XRAY_DAEMON_RECEIVE_BUFFER: '16',
    };
    expect(options([], env)).toMatchObject({
      udp: { port: 4000 },
      samplingRuleFiles: ['a.json', 'b.json'],
      maxAgeSeconds: 30,
      receiveBufferMb: 16,
    });
    expect(options(['-b', '127.0.0.1:5000'], env).udp.port).toBe(5000);
  });

  it('returns help for -h', () => {
    expect(parseCommandLine(['-h'])).toEqual({ help: true });
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['positional'], /positional/],
    [['-b'], /argument missing/],
    [['-b', '127.0.0.1'], /--bind "127.0.0.1" is not HOST:PORT/],
    [['-t', '127.0.0.1:70000'], /--bind-tcp/],
    [['-t', '[nothex]:1'], /--bind-tcp/],
    [['--max-traces', '1.5'], /--max-traces "1.5" is not a positive whole number/],
    [['--max-age', '-1'], /--max-age/],
    [['--receive-buffer', '0'], /--receive-buffer "0" is not a positive whole number/],
    [['--data-dir='], /--data-dir must not be empty/],
    [['--otlp', '4318'], /--otlp "4318" is not HOST:PORT/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});
