import { ConfigError, EnvReader } from './env-reader';

/** Reads one setting from a one-variable env; returns the value and the problems `done()` reports. */
function readOne<T>(value: string | undefined, read: (reader: EnvReader) => T): { value: T; problems: string[] } {
  const reader = new EnvReader({ X: value });
  const result = read(reader);
  try {
    reader.done();
    return { value: result, problems: [] };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { value: result, problems: error.problems };
  }
}

describe('EnvReader', () => {
  describe('port', () => {
    it.each([
      ['1', 1],
      ['4001', 4001],
      [' 65535 ', 65535],
    ])('reads %p as %i', (raw, expected) => {
      expect(readOne(raw, (r) => r.port('X', 9))).toEqual({ value: expected, problems: [] });
    });

    it.each([undefined, '', '   '])('falls back when X is %p', (raw) => {
      expect(readOne(raw, (r) => r.port('X', 9))).toEqual({ value: 9, problems: [] });
    });

    it.each(['0', '65536', '-1', '80.5', 'http', '1e3'])('reports %p and falls back', (raw) => {
      const { value, problems } = readOne(raw, (r) => r.port('X', 9));
      expect(value).toBe(9);
      expect(problems).toEqual([`X=${JSON.stringify(raw)} is not a port (1-65535); default 9`]);
    });

    it('accepts 0 only when allowed', () => {
      expect(readOne('0', (r) => r.port('X', 9, true))).toEqual({ value: 0, problems: [] });
    });
  });

  describe('host', () => {
    it.each(['127.0.0.1', 'localhost', 'activities.internal', 'my_host-1', '::1', 'fe80::1'])('accepts %p', (raw) => {
      expect(readOne(raw, (r) => r.host('X', 'fallback'))).toEqual({ value: raw, problems: [] });
    });

    it.each(['http://localhost', 'local host', 'host/path', 'localhost:4001', '127.0.0.1:80', '[::1]'])(
      'reports %p',
      (raw) => {
        const { value, problems } = readOne(raw, (r) => r.host('X', 'fallback'));
        expect(value).toBe('fallback');
        expect(problems).toEqual([`X=${JSON.stringify(raw)} is not a host name or address; default fallback`]);
      },
    );
  });

  describe('milliseconds', () => {
    it.each([
      ['1', 1],
      ['600000', 600_000],
    ])('reads %p', (raw, expected) => {
      expect(readOne(raw, (r) => r.milliseconds('X', 50))).toEqual({ value: expected, problems: [] });
    });

    it.each(['0', '600001', '1.5', '3s'])('reports %p', (raw) => {
      const { value, problems } = readOne(raw, (r) => r.milliseconds('X', 50));
      expect(value).toBe(50);
      expect(problems).toEqual([`X=${JSON.stringify(raw)} is not a duration in milliseconds (1-600000); default 50`]);
    });
  });

  describe('boolean', () => {
    it.each(['true', '1', 'YES', 'On'])('reads %p as true', (raw) => {
      expect(readOne(raw, (r) => r.boolean('X', false))).toEqual({ value: true, problems: [] });
    });

    it.each(['false', '0', 'No', 'OFF'])('reads %p as false', (raw) => {
      expect(readOne(raw, (r) => r.boolean('X', true))).toEqual({ value: false, problems: [] });
    });

    it('reports anything else', () => {
      expect(readOne('maybe', (r) => r.boolean('X', true))).toEqual({
        value: true,
        problems: ['X="maybe" is not a boolean (true/false); default true'],
      });
    });
  });

  describe('string', () => {
    it('reads the trimmed value, or the fallback when blank', () => {
      expect(readOne(' svc ', (r) => r.string('X', 'fallback')).value).toBe('svc');
      expect(readOne('  ', (r) => r.string('X', 'fallback')).value).toBe('fallback');
    });
  });

  it('collects every problem into one ConfigError that names each variable', () => {
    const reader = new EnvReader({
      PORT: 'eighty',
      HOST: 'http://x',
      RPC_TIMEOUT_MS: '0',
      DEBUG: 'sure',
      OK_PORT: '4000',
    });
    reader.port('PORT', 4567);
    reader.host('HOST', '127.0.0.1');
    reader.milliseconds('RPC_TIMEOUT_MS', 3000);
    reader.boolean('DEBUG', false);
    reader.port('OK_PORT', 1);

    let thrown: unknown;
    try {
      reader.done();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(4);
    for (const name of ['PORT', 'HOST', 'RPC_TIMEOUT_MS', 'DEBUG']) {
      expect(error.message).toContain(`  - ${name}=`);
    }
    expect(error.message).not.toContain('OK_PORT');
  });

  it('done() is silent when everything is valid', () => {
    const reader = new EnvReader({ PORT: '4000' });
    reader.port('PORT', 1);
    expect(() => reader.done()).not.toThrow();
  });

  it('reads process.env by default', () => {
    const name = 'ENV_READER_SPEC_PORT';
    process.env[name] = '4321';
    try {
      expect(new EnvReader().port(name, 1)).toBe(4321);
    } finally {
      delete process.env[name];
    }
  });
});
