import { spawn, spawnSync } from 'node:child_process';
import { composeEnv, ROOT } from './compose-files';

/** One docker or docker-compose command's result. */
interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runAsync(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function checked(what: string, run: Run): string {
  if (run.status !== 0)
    throw new Error(`${what} exited with ${run.status}:\n${(run.stderr || run.stdout).slice(-4000)}`);
  return run.stdout;
}

/** `docker <args>` with our environment; throws with its stderr when it fails. */
export async function docker(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  return checked(`docker ${args.join(' ')}`, await runAsync('docker', args, composeEnv({}), timeoutMs));
}

export interface EngineCheck {
  reachable: boolean;
  /** The server version, or why the engine cannot be reached. */
  detail: string;
}

/** Whether a Docker engine answers the docker CLI (DOCKER_HOST, or the default socket). */
export function dockerEngine(): EngineCheck {
  const result = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], {
    env: composeEnv({}),
    encoding: 'utf8',
    timeout: 15_000,
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    return { reachable: false, detail: 'the docker CLI is not installed' };
  if (result.status !== 0)
    return {
      reachable: false,
      detail: (result.stderr || String(result.error)).trim().split('\n').pop() ?? 'docker version failed',
    };
  return { reachable: true, detail: `Docker engine ${result.stdout.trim()}` };
}

/** What a compose project left behind, by the label docker-compose puts on everything it creates. */
export interface Leftovers {
  containers: string[];
  networks: string[];
  volumes: string[];
  image: boolean;
}

/**
 * A docker-compose project of its own (`-p name`) over the repository's docker-compose.yml, with
 * the compose variables in `env` (published ports, image tag). Everything it creates carries the
 * label com.docker.compose.project=<name>, which is how leftovers are found.
 */
export class ComposeProject {
  constructor(
    readonly name: string,
    readonly env: Record<string, string>,
    readonly image: string,
  ) {}

  async compose(args: readonly string[], timeoutMs = 120_000): Promise<string> {
    return checked(
      `docker-compose ${args.join(' ')}`,
      await runAsync(
        'docker-compose',
        ['-p', this.name, ...args],
        composeEnv({ ...this.env, CRUDDUR_IMAGE: this.image }),
        timeoutMs,
      ),
    );
  }

  /** The container of a service (running or stopped). */
  async containerId(service: string): Promise<string> {
    const id = (await this.compose(['ps', '-q', service])).trim();
    if (!id) throw new Error(`${this.name}: no container for ${service}`);
    return id;
  }

  /** `docker inspect` State.Health of a service's container: status and the recent checks. */
  async health(service: string): Promise<{ Status: string; Log: { ExitCode: number; Output: string }[] }> {
    return JSON.parse(await docker(['inspect', '--format', '{{json .State.Health}}', await this.containerId(service)]));
  }

  /** Each service's container state and restart count, e.g. `xray-daemon running (0 restarts)`. */
  async states(services: readonly string[]): Promise<string[]> {
    return Promise.all(
      services.map(
        async (service) =>
          `${service} ${(
            await docker([
              'inspect',
              '--format',
              '{{.State.Status}} ({{.RestartCount}} restarts)',
              await this.containerId(service),
            ])
          ).trim()}`,
      ),
    );
  }

  /** Every service's log so far, timestamped. */
  logs(): Promise<string> {
    return this.compose(['logs', '--no-color', '--timestamps']);
  }

  /** Removes containers, networks, volumes and the image tag; safe to call more than once. */
  async down(): Promise<void> {
    await this.compose(['down', '-v', '--rmi', 'all', '--remove-orphans', '-t', '5'], 180_000);
  }

  /** The same, synchronously: for a signal handler, where nothing asynchronous runs any more. */
  downSync(): void {
    spawnSync('docker-compose', ['-p', this.name, 'down', '-v', '--rmi', 'all', '--remove-orphans', '-t', '2'], {
      cwd: ROOT,
      env: composeEnv({ ...this.env, CRUDDUR_IMAGE: this.image }),
      stdio: 'inherit',
      timeout: 120_000,
    });
  }

  async leftovers(): Promise<Leftovers> {
    const label = `label=com.docker.compose.project=${this.name}`;
    const list = async (args: string[]) => (await docker(args)).split('\n').filter(Boolean);
    const image = await runAsync('docker', ['image', 'inspect', this.image], composeEnv({}), 30_000);
    return {
      containers: await list(['ps', '-a', '-q', '--filter', label]),
      networks: await list(['network', 'ls', '-q', '--filter', label]),
      volumes: await list(['volume', 'ls', '-q', '--filter', label]),
      image: image.status === 0,
    };
  }
}

/** Whether a process of this machine is still running (a pid that exists but is not ours counts as running). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes down the projects `<prefix><pid>` whose test process is gone: a run killed outright (SIGKILL, a
 * machine restart) cannot clean up, and its containers come back with the engine (restart: unless-stopped),
 * holding their published ports. Returns the names it took down.
 */
export async function downStaleProjects(prefix: string, imageRepository: string): Promise<string[]> {
  const format = '{{.Label "com.docker.compose.project"}}';
  const label = ['--filter', 'label=com.docker.compose.project'];
  const names = new Set(
    [
      await docker(['ps', '-a', ...label, '--format', format]),
      await docker(['network', 'ls', ...label, '--format', format]),
      await docker(['volume', 'ls', ...label, '--format', format]),
    ].flatMap((out) => out.split('\n')),
  );
  const stale = [...names].filter((name) => {
    const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length)) : NaN;
    return Number.isInteger(pid) && pid > 0 && !running(pid);
  });
  for (const name of stale) await new ComposeProject(name, {}, `${imageRepository}:${name}`).down();
  return stale;
}
