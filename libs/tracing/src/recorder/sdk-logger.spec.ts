import { Logger } from '@nestjs/common';
import { createSdkLogger } from './sdk-logger';

/** The SDK calls its logger with any arguments. */
type SdkLog = Record<'debug' | 'info' | 'warn' | 'error', (...args: unknown[]) => void>;

describe('createSdkLogger', () => {
  let clock = 0;
  const lines = { warn: [] as string[], error: [] as string[] };
  beforeEach(() => {
    clock = 1_000_000;
    lines.warn = [];
    lines.error = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((m: string) => void lines.warn.push(m));
    jest.spyOn(Logger.prototype, 'error').mockImplementation((m: string) => void lines.error.push(m));
  });
  afterEach(() => jest.restoreAllMocks());

  it('drops debug and info, passes warnings and errors with error messages unwrapped', () => {
    const logger: SdkLog = createSdkLogger(() => clock);
    logger.debug('chatter');
    logger.info('more chatter');
    logger.warn('daemon', 42);
    logger.error('Error occured sending segment: ', new Error('ECONNREFUSED'));
    expect(lines).toEqual({ warn: ['daemon 42'], error: ['Error occured sending segment:  ECONNREFUSED'] });
  });

  it('writes the same message at most once a minute', () => {
    const logger: SdkLog = createSdkLogger(() => clock);
    for (let i = 0; i < 5; i++) logger.error('no daemon');
    logger.error('something else');
    clock += 59_999;
    logger.error('no daemon');
    clock += 1;
    logger.error('no daemon');
    // Lines differing only past their first 120 characters count as one message.
    logger.warn(`${'x'.repeat(120)}a`);
    logger.warn(`${'x'.repeat(120)}b`);
    expect(lines.error).toEqual(['no daemon', 'something else', 'no daemon']);
    expect(lines.warn).toEqual([`${'x'.repeat(120)}a`]);
  });
});
