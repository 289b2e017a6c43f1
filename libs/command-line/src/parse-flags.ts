import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line that cannot be used: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` with flags only (no positionals, unknown flags refused), its errors turned
 * into a UsageError carrying their first sentence.
 */
export function parseFlags<const O extends FlagOptions>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw new UsageError((error instanceof Error ? error.message : String(error)).split('. ')[0]);
  }
}
