import { banner, StackRunner } from '@cruddur/stack-runner';
import { stackSpecs } from './stack-specs';

/** `npm start`: the whole stack from the built output, logs prefixed, Ctrl-C stops it all. */
async function main(): Promise<void> {
  const specs = stackSpecs(process.env, __dirname);
  const runner = new StackRunner(specs, {
    readinessTimeoutMs: 30_000,
    stopTimeoutMs: 5_000,
    out: (text) => process.stdout.write(text),
    colour: process.stdout.isTTY === true,
  });
  let signals = 0;
  const shutdown = (signal: string) => {
    if (++signals > 1) return;
    process.stdout.write(`\n${signal}: stopping ${runner.running().join(', ') || 'nothing'}...\n`);
    void runner.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // A closed terminal: the daemon, in a process group of its own, only hears of it through here.
  process.on('SIGHUP', () => shutdown('SIGHUP'));
  try {
    await runner.start();
  } catch (error) {
    process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
    await runner.stop();
    process.exit(1);
  }
  process.stdout.write(banner(specs));
}

void main();
