import { Logger } from '@nestjs/common';

/**
 * The SDK's log sink: its debug/info chatter dropped, warnings and errors through Nest's
 * logger, at most one line per message text a minute, so a missing daemon never floods logs.
 */
export function createSdkLogger(now: () => number = Date.now) {
  const logger = new Logger('X-Ray');
  const lastSeen = new Map<string, number>();
  const limited =
    (write: (line: string) => void) =>
    (...args: unknown[]) => {
      const line = args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
      const key = line.slice(0, 120);
      const t = now();
      if ((lastSeen.get(key) ?? -Infinity) > t - 60_000) return;
      if (lastSeen.size > 1000) lastSeen.clear();
      lastSeen.set(key, t);
      write(line);
    };
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: limited((line) => logger.warn(line)),
    error: limited((line) => logger.error(line)),
  };
}
