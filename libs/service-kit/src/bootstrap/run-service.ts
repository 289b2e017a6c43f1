import { Logger } from '@nestjs/common';
import { ConfigError, describeListenError } from '@cruddur/command-line';

/**
 * Runs a service's start function and turns the failures a user causes (bad env, busy port)
 * into one clear line and exit code 1; anything else is logged with its stack.
 */
export function runService(service: string, start: () => Promise<unknown>): void {
  const logger = new Logger(service);
  start().catch((error: unknown) => {
    const known = error instanceof ConfigError ? `${service}: ${error.message}` : describeListenError(error, service);
    if (known) logger.error(known);
    else logger.error(`${service} failed to start`, error instanceof Error ? error.stack : String(error));
    // Give the logger a tick to flush, then leave even if a socket still holds the loop.
    setTimeout(() => process.exit(1), 50).unref();
  });
}
