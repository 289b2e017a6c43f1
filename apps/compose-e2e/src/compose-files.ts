import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
// docker-compose 1.29 prints its resolved configuration as YAML only.
import { load as loadYaml } from 'js-yaml';

export const ROOT = resolve(__dirname, '../../..');

/** The stacks the README documents, as the `-f` files given to docker-compose. */
export const Variants = {
  local: ['docker-compose.yml'],
  aws: ['docker-compose.yml', 'docker/docker-compose.aws.yml'],
  awsForward: ['docker-compose.yml', 'docker/docker-compose.aws-forward.yml'],
} as const;
export type Variant = keyof typeof Variants;

/** The daemon host and port every traced service is given (AWS_XRAY_DAEMON_ADDRESS). */
export const DAEMON_SERVICE = 'xray-daemon';

export interface ComposeService {
  build?: { context: string; dockerfile?: string; target?: string };
  image?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: (string | { published?: number | string; target: number; protocol?: string; host_ip?: string })[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  profiles?: string[];
  networks?: Record<string, { aliases?: string[] } | null>;
  user?: string;
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  depends_on?: Record<string, { condition: string }>;
}

export interface ComposeConfig {
  version?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const INSTALL_HINT =
  'docker-compose is not installed. These tests validate the compose files with it (offline, no Docker engine needed): ' +
  'apt-get install -y docker-compose (.ci/run installs it).';

/**
 * The environment docker-compose runs with: PATH, HOME, LANG and how to reach the engine
 * (DOCKER_HOST, DOCKER_API_VERSION) from ours, the rest from `env`.
 */
export function composeEnv(env: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'LANG', 'DOCKER_HOST', 'DOCKER_API_VERSION'])
    if (process.env[name] !== undefined) base[name] = process.env[name] as string;
  return { ...base, ...env };
}

/**
 * Runs docker-compose in the repository root with a clean environment: only PATH, HOME and LANG
 * from ours, so variables the files interpolate (AWS_*, RPC_TIMEOUT_MS, COMPOSE_*) come from `env`.
 */
export function dockerCompose(args: readonly string[], env: Record<string, string> = {}): string {
  const result = spawnSync('docker-compose', [...args], {
    cwd: ROOT,
    env: composeEnv(env),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error(INSTALL_HINT);
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(`docker-compose ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

export function fileArgs(variant: Variant): string[] {
  return Variants[variant].flatMap((file) => ['-f', file]);
}

/** The merged, interpolated configuration docker-compose would run. */
export function composeConfig(variant: Variant, env: Record<string, string> = {}): ComposeConfig {
  return loadYaml(dockerCompose([...fileArgs(variant), 'config'], env)) as ComposeConfig;
}

/** Services that `docker-compose up` starts: no profile, or one of `profiles`. */
export function enabledServices(
  config: ComposeConfig,
  profiles: readonly string[] = [],
): Record<string, ComposeService> {
  return Object.fromEntries(
    Object.entries(config.services).filter(
      ([, service]) => !service.profiles?.length || service.profiles.some((p) => profiles.includes(p)),
    ),
  );
}

/** The running services a host name reaches on the compose network: by service name or alias. */
export function servicesNamed(services: Record<string, ComposeService>, host: string): string[] {
  return Object.entries(services)
    .filter(
      ([name, service]) =>
        name === host || Object.values(service.networks ?? {}).some((network) => network?.aliases?.includes(host)),
    )
    .map(([name]) => name);
}

export interface PublishedPort {
  hostIp?: string;
  published: number;
  target: number;
  protocol: 'tcp' | 'udp';
}

/** Published ports in one shape, from the short ("127.0.0.1:2000:2000/udp") or long syntax. */
export function publishedPorts(service: ComposeService): PublishedPort[] {
  return (service.ports ?? []).flatMap((port): PublishedPort[] => {
    if (typeof port !== 'string') {
      if (port.published === undefined) return [];
      return [
        {
          hostIp: port.host_ip,
          published: Number(port.published),
          target: Number(port.target),
          protocol: port.protocol === 'udp' ? 'udp' : 'tcp',
        },
      ];
    }
    const [mapping, protocol = 'tcp'] = port.split('/');
    const parts = mapping.split(':');
    if (parts.length < 2) return [];
    const [hostIp, published, target] = parts.length === 3 ? parts : [undefined, ...parts];
    return [
      { hostIp, published: Number(published), target: Number(target), protocol: protocol === 'udp' ? 'udp' : 'tcp' },
    ];
  });
}

/** The value after a flag in a command (`-b 0.0.0.0:2000`), or undefined. */
export function flagValue(command: readonly string[], ...flags: string[]): string | undefined {
  const at = command.findIndex((word) => flags.includes(word));
  return at < 0 ? undefined : command[at + 1];
}

export function healthcheckTest(service: ComposeService): string[] {
  const test = service.healthcheck?.test;
  if (test === undefined || service.healthcheck?.disable) return [];
  return typeof test === 'string' ? ['CMD-SHELL', test] : test;
}

// ---- Dockerfile ------------------------------------------------------------------------------

export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  name?: string;
  /** The base image with build arguments' defaults substituted. */
  from: string;
  instructions: DockerInstruction[];
}

/** Stages and instructions of a Dockerfile: comments dropped, continuation lines joined. */
export function parseDockerfile(text: string): DockerStage[] {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const globalArgs: Record<string, string> = {};
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line) as RegExpExecArray;
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const words = args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const from = words[0].replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => globalArgs[a ?? b] ?? '');
      const asAt = words.findIndex((word) => word.toUpperCase() === 'AS');
      stages.push({ from, name: asAt > 0 ? words[asAt + 1] : undefined, instructions: [] });
    } else if (stages.length === 0) {
      const arg = /^(\w+)=(\S+)$/.exec(args);
      if (upper === 'ARG' && arg) globalArgs[arg[1]] = arg[2];
    } else {
      stages[stages.length - 1].instructions.push({ keyword: upper, args });
    }
  }
  return stages;
}

/** The stage `docker build` produces: the named target, or the last stage. */
export function targetStage(stages: readonly DockerStage[], target?: string): DockerStage {
  const stage = target === undefined ? stages[stages.length - 1] : stages.find((s) => s.name === target);
  if (!stage) throw new Error(`no stage ${target} in the Dockerfile`);
  return stage;
}

/** The last value an instruction sets in a stage (WORKDIR, USER), or undefined. */
export function lastInstruction(stage: DockerStage, keyword: string): string | undefined {
  return stage.instructions.filter((i) => i.keyword === keyword).pop()?.args;
}

// ---- Nx build outputs ------------------------------------------------------------------------

/**
 * Where an app's build writes its entry bundle (e.g. `dist/apps/gateway/main.js`), from its
 * project.json (build outputPath, or outputs) and, when it has one, its webpack config's
 * `output.path` and entry; throws when the two disagree.
 */
export function appEntryBundle(app: string): string {
  const projectDir = join(ROOT, 'apps', app);
  const project = JSON.parse(readFileSync(join(projectDir, 'project.json'), 'utf8')) as {
    targets?: { build?: { options?: { outputPath?: string }; outputs?: string[] } };
  };
  const build = project.targets?.build;
  if (!build) throw new Error(`apps/${app} has no build target`);
  const declared =
    build.options?.outputPath ??
    build.outputs?.find((output) => output.startsWith('{workspaceRoot}/'))?.slice('{workspaceRoot}/'.length);
  let webpackOutput: string | undefined;
  let entry = 'main';
  let webpackConfig: string | undefined;
  try {
    webpackConfig = readFileSync(join(projectDir, 'webpack.config.js'), 'utf8');
  } catch {
    webpackConfig = undefined;
  }
  if (webpackConfig !== undefined) {
    const path = /output:\s*\{\s*path:\s*join\(__dirname,\s*'([^']+)'\)/.exec(webpackConfig);
    if (!path) throw new Error(`apps/${app}/webpack.config.js: cannot find output.path`);
    webpackOutput = posix.normalize(posix.join('apps', app, path[1]));
    const main = /main:\s*'([^']+)'/.exec(webpackConfig);
    if (main) entry = posix.basename(main[1]).replace(/\.ts$/, '');
  }
  if (declared !== undefined && webpackOutput !== undefined && declared !== webpackOutput) {
    throw new Error(`apps/${app}: project.json says ${declared}, webpack.config.js writes ${webpackOutput}`);
  }
  const output = declared ?? webpackOutput;
  if (output === undefined) throw new Error(`apps/${app}: no output path in project.json or webpack.config.js`);
  return `${output}/${entry}.js`;
}
