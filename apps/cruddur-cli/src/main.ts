import { mapCommand } from './app/map/map-command';
import { MAP_USAGE, parseMapOptions } from './app/map/map-options';
import { trafficCommand } from './app/traffic/traffic-command';
import { parseTrafficOptions, TRAFFIC_USAGE } from './app/traffic/traffic-options';
import { UsageError } from '@cruddur/command-line';
import { CliFailure } from './app/cli-failure';

const USAGE = `Usage: cruddur <command> [options]

Commands:
  map       print the service map from the local X-Ray daemon (npm run map -- --help)
  traffic   send a realistic mix of requests through the gateway (npm run traffic -- --help)
`;

async function run(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'map': {
      const parsed = parseMapOptions(rest, process.env);
      process.stdout.write(parsed.help ? MAP_USAGE : await mapCommand(parsed.options));
      return;
    }
    case 'traffic': {
      const parsed = parseTrafficOptions(rest, process.env);
      if (parsed.help) return void process.stdout.write(TRAFFIC_USAGE);
      const statuses = await trafficCommand(parsed.options, {
        isTTY: process.stdout.isTTY === true,
        write: (text) => process.stdout.write(text),
      });
      const summary = [...statuses]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([status, count]) => `${count} × ${status}`)
        .join(', ');
      process.stdout.write(
        `Done: ${summary}.\nSee it: http://localhost:2000 (service map and traces), or npm run map.\n`,
      );
      return;
    }
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(USAGE);
      return;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`cruddur: ${error.message} (see --help)`);
    process.exit(2);
  }
  if (error instanceof CliFailure) {
    console.error(`cruddur: ${error.message}`);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
