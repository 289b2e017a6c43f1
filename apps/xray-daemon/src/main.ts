import { describeListenError, UsageError } from '@cruddur/command-line';
import { consoleLog } from './app/daemon-log';
import { parseCommandLine, USAGE } from './app/daemon-options';
import { StartupError, XRayDaemon } from './app/xray-daemon';

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) fail(`xray-daemon: ${error.message} (see --help)`, 2);
    throw error;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  const starting = XRayDaemon.start(parsed.options, consoleLog);
  // Handled from the start: a signal that arrives while starting stops the daemon once it is up.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    starting
      .then((daemon) => {
        consoleLog.info(`${signal}: flushing the segment log and closing sockets`);
        return daemon.stop();
      })
      .then(
        () => process.exit(0),
        (error: unknown) =>
          fail(`xray-daemon: shutdown failed: ${error instanceof Error ? error.message : String(error)}`, 1),
      );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  try {
    await starting;
  } catch (error) {
    const known =
      error instanceof StartupError
        ? `xray-daemon: ${error.message}`
        : describeListenError(error, 'xray-daemon', '--bind / --bind-tcp / --otlp');
    fail(known ?? `xray-daemon failed to start: ${error instanceof Error ? error.stack : String(error)}`, 1);
  }
}

void main();
