import { parseFlags, UsageError } from './parse-flags';

describe('parseFlags', () => {
  const options = { port: { type: 'string', short: 'p' }, help: { type: 'boolean', short: 'h' } } as const;

  it('reads long and short flags', () => {
    expect(parseFlags(['--port', '2000', '-h'], options)).toEqual({ port: '2000', help: true });
    expect(parseFlags(['-p', '1'], options)).toEqual({ port: '1' });
  });

  it('refuses unknown flags and positionals with one line', () => {
    expect(() => parseFlags(['--nope'], options)).toThrow(UsageError);
    expect(() => parseFlags(['extra'], options)).toThrow(UsageError);
    try {
      parseFlags(['--nope'], options);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message).toContain('--nope');
    }
  });
});
