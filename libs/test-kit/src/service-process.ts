import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { waitForPort } from '@cruddur/stack-runner';

/**
 * A built app run as a real process for integration tests. Output is kept for
 * assertions and failure messages; `stop()` always reaps the process.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private output = '';

  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly env: Record<string, string>,
    readonly port: number,
    private readonly host = '127.0.0.1',
  ) {}

  async start(timeoutMs = 20_000): Promise<void> {
    if (!existsSync(this.script)) throw new Error(`${this.script} does not exist: build the app first`);
    this.output = '';
    const child = spawn(process.execPath, [this.script], {
      env: { ...process.env, NO_COLOR: '1', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const ready = await waitForPort(this.host, this.port, timeoutMs, () => child.exitCode !== null);
    if (!ready) {
      await this.stop();
      throw new Error(`${this.name} did not start on port ${this.port}:\n${this.output}`);
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. */
  async stop(graceMs = 3000): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** SIGKILL (a crash): no shutdown hooks run; resolves when the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Freezes the process (SIGSTOP) to simulate a service that hangs; `resume()` undoes it. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  logs(): string {
    return this.output;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }
}
