import { httpBaseUrl } from '../http-base-url';
import { positiveNumber } from '../positive-number';
import { parseFlags, UsageError } from '@cruddur/command-line';

export type MapFormat = 'table' | 'mermaid' | 'dot';
const FORMATS: readonly string[] = ['table', 'mermaid', 'dot'];

export interface MapCommandOptions {
  readonly daemon: string;
  readonly minutes: number;
  readonly format: MapFormat;
  readonly group: string | undefined;
}

export const MAP_USAGE = `Usage: npm run map -- [options]

Prints the service map the local X-Ray daemon has built from recent traces.

  --daemon URL        the daemon's HTTP address (default http://127.0.0.1:2000) [XRAY_DAEMON_URL]
  --minutes N         how far back to look (default 15)
  --format FORMAT     table (default), mermaid or dot
  --group NAME        only the traces of this X-Ray group
  -h, --help          show this help
`;

export type ParsedMapCommand = { readonly help: true } | { readonly help: false; readonly options: MapCommandOptions };

export function parseMapOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedMapCommand {
  const values = parseFlags(argv, {
    daemon: { type: 'string' },
    minutes: { type: 'string' },
    format: { type: 'string' },
    group: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const);
  if (values.help === true) return { help: true };
  const format = values.format ?? 'table';
  if (!FORMATS.includes(format)) throw new UsageError(`--format ${JSON.stringify(format)}: use table, mermaid or dot`);
  return {
    help: false,
    options: {
      daemon: httpBaseUrl('--daemon', values.daemon ?? env.XRAY_DAEMON_URL ?? 'http://127.0.0.1:2000'),
      minutes: positiveNumber('--minutes', values.minutes, 15, false),
      format: format as MapFormat,
      group: values.group,
    },
  };
}
