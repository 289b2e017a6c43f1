import { ChildProcess, spawn } from 'node:child_process';
import { pipeWithPrefix, prefixFor } from './log-prefixer';
import { portProblems } from './port-check';
import { waitForPort } from './readiness';
import type { ServiceSpec } from './service-spec';

const STOPPED_DURING_START = 'Stopped during start-up.';

export interface StackRunnerOptions {
  readinessTimeoutMs: number;
  /** How long a service gets to exit on SIGTERM before it is killed. */
  stopTimeoutMs: number;
  out: (text: string) => void;
  colour: boolean;
}

/**
 * Starts the services in order, each once the previous one accepts connections, prints their
 * logs behind a prefix, and stops them: all together, except those marked `stopsLast`, which are
 * stopped once the others have exited.
 */
export class StackRunner {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;
  private stopped?: Promise<void>;

  constructor(
    private readonly specs: ServiceSpec[],
    private readonly options: StackRunnerOptions,
  ) {}

  /** Resolves once every service is ready; rejects with a readable message otherwise (and stops what started). */
  async start(): Promise<void> {
    const problems = await portProblems(this.specs);
    if (problems.length > 0) throw new Error(problems.join('\n'));
    const width = Math.max(...this.specs.map((s) => s.name.length));
    for (const [index, spec] of this.specs.entries()) {
      // stop() only reaches the children it knows of: start none after it was called.
      if (this.stopping) throw new Error(STOPPED_DURING_START);
      const child = this.spawn(spec, prefixFor(spec.name, index, width, this.options.colour));
      let exited: string | undefined;
      child.once('exit', (code, signal) => {
        exited = signal ? `signal ${signal}` : `code ${code}`;
        this.children.delete(spec.name);
        if (!this.stopping) this.options.out(`${spec.name} exited (${exited})\n`);
      });
      const ready = await waitForPort(
        spec.host,
        spec.port,
        this.options.readinessTimeoutMs,
        () => exited !== undefined || this.stopping,
      );
      if (!ready) {
        // Said before stopping: stop() makes the child exit too, which is not the reason.
        const reason = this.stopping
          ? STOPPED_DURING_START
          : exited
            ? `${spec.name} exited during start-up (${exited}); its log is above.`
            : `${spec.name} did not accept connections on ${spec.host}:${spec.port} within ${this.options.readinessTimeoutMs} ms.`;
        await this.stop();
        throw new Error(reason);
      }
    }
  }

  /**
   * SIGTERM to every child, SIGKILL to those still there after the timeout; the `stopsLast` ones
   * only after the others have exited. Idempotent.
   */
  stop(): Promise<void> {
    this.stopping = true;
    this.stopped ??= (async () => {
      const last = new Set(this.specs.filter((spec) => spec.stopsLast).map((spec) => spec.name));
      const children = (stopsLast: boolean) =>
        [...this.children].filter(([name]) => last.has(name) === stopsLast).map(([, child]) => child);
      await this.terminate(children(false));
      await this.terminate(children(true));
    })();
    return this.stopped;
  }

  private terminate(children: readonly ChildProcess[]): Promise<void> {
    return Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    ).then(() => undefined);
  }

  running(): string[] {
    return [...this.children.keys()];
  }

  private spawn(spec: ServiceSpec, prefix: string): ChildProcess {
    const child = spawn(process.execPath, [spec.script], {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: out of reach of the terminal's Ctrl-C (see ServiceSpec.stopsLast).
      detached: spec.stopsLast === true,
    });
    this.children.set(spec.name, child);
    const write = (line: string) => this.options.out(line);
    if (child.stdout) pipeWithPrefix(child.stdout, prefix, write);
    if (child.stderr) pipeWithPrefix(child.stderr, prefix, write);
    child.once('error', (error) => write(`${prefix} could not start: ${error.message}\n`));
    return child;
  }
}
