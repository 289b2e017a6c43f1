import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { DefaultPorts } from '@cruddur/contracts';
import {
  appEntryBundle,
  composeConfig,
  DAEMON_SERVICE,
  enabledServices,
  flagValue,
  healthcheckTest,
  lastInstruction,
  parseDockerfile,
  publishedPorts,
  ROOT,
  servicesNamed,
  targetStage,
  type ComposeConfig,
  type ComposeService,
} from './compose-files';

const APPS = ['gateway', 'activities', 'notifications'] as const;
const DAEMON_ADDRESS = `${DAEMON_SERVICE}:${DefaultPorts.xrayDaemon}`;
const SAMPLING_RULE_FILES = ['aws/json/xray.json', 'aws/json/xray-health-checks.json'];
const OTLP_ADDRESS = `0.0.0.0:${DefaultPorts.otlp}`;
const LOCAL_DAEMON_COMMAND_TAIL = [
  '-b',
  '0.0.0.0:2000',
  '-t',
  '0.0.0.0:2000',
  '--otlp',
  OTLP_ADDRESS,
  '--data-dir',
  '/data',
  ...SAMPLING_RULE_FILES.flatMap((file) => ['--sampling-rules', `/app/${file}`]),
];
const SEED_AWS_DAEMON = { image: 'amazon/aws-xray-daemon', command: ['xray', '-o', '-b', 'xray-daemon:2000'] };
const AWS_ENV = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-example', AWS_REGION: 'eu-west-2' };

/** Services built from this repository's Dockerfile (the AWS daemon is a stock image). */
function builtServices(services: Record<string, ComposeService>): [string, ComposeService][] {
  return Object.entries(services).filter(([, service]) => service.build !== undefined);
}

function tcpPorts(service: ComposeService) {
  return publishedPorts(service).filter((p) => p.protocol === 'tcp');
}

describe('docker-compose.yml: the full stack with the local X-Ray daemon', () => {
  let config: ComposeConfig;
  let services: Record<string, ComposeService>;
  beforeAll(() => {
    config = composeConfig('local');
    services = enabledServices(config);
  });

  it('runs gateway, activities, notifications and the X-Ray daemon', () => {
    expect(Object.keys(services).sort()).toEqual([...APPS, DAEMON_SERVICE].sort());
  });

  it(`points every traced service at the one daemon service, ${DAEMON_ADDRESS}`, () => {
    for (const app of APPS)
      expect([app, services[app].environment?.AWS_XRAY_DAEMON_ADDRESS]).toEqual([app, DAEMON_ADDRESS]);
    expect(servicesNamed(services, DAEMON_SERVICE)).toEqual([DAEMON_SERVICE]);
    const command = services[DAEMON_SERVICE].command ?? [];
    expect(flagValue(command, '-b', '--bind')).toBe(`0.0.0.0:${DefaultPorts.xrayDaemon}`);
    expect(flagValue(command, '-t', '--bind-tcp')).toBe(`0.0.0.0:${DefaultPorts.xrayDaemon}`);
    // OpenTelemetry services in the network export to xray-daemon:4318.
    expect(flagValue(command, '--otlp')).toBe(OTLP_ADDRESS);
  });

  it('runs the daemon with the data volume and the sampling rules the image carries (Cruddur, HealthChecks)', () => {
    const daemon = services[DAEMON_SERVICE];
    expect(daemon.command?.slice(2)).toEqual(LOCAL_DAEMON_COMMAND_TAIL);
    expect(daemon.volumes).toEqual([expect.stringMatching(/^xray-data:\/data(:rw)?$/)]);
    expect(Object.keys(config.volumes ?? {})).toContain('xray-data');
    for (const file of SAMPLING_RULE_FILES) expect([file, existsSync(join(ROOT, file))]).toEqual([file, true]);
  });

  it('passes AWS_XRAY_URL through from the host, empty when unset', () => {
    const withUrl = composeConfig('local', { AWS_XRAY_URL: '*gitpod.example*' });
    for (const app of APPS) {
      expect(services[app].environment?.AWS_XRAY_URL).toBe('');
      expect(withUrl.services[app].environment?.AWS_XRAY_URL).toBe('*gitpod.example*');
    }
  });

  it('passes OTEL_TRACES_EXPORTER through from the host (xray when unset), with the daemon’s OTLP receiver as the endpoint', () => {
    const otlp = composeConfig('local', { OTEL_TRACES_EXPORTER: 'otlp' });
    for (const app of APPS) {
      expect(services[app].environment).toMatchObject({
        OTEL_TRACES_EXPORTER: 'xray',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://${DAEMON_SERVICE}:4318`,
      });
      expect(otlp.services[app].environment?.OTEL_TRACES_EXPORTER).toBe('otlp');
    }
  });

  it('gives each service its default port, listening on 0.0.0.0, and wires the callers by service name', () => {
    const port = {
      gateway: DefaultPorts.gateway,
      activities: DefaultPorts.activities,
      notifications: DefaultPorts.notifications,
    };
    for (const app of APPS) {
      expect([app, services[app].environment?.HOST, services[app].environment?.PORT]).toEqual([
        app,
        '0.0.0.0',
        String(port[app]),
      ]);
    }
    expect(services.gateway.environment).toMatchObject({
      ACTIVITIES_HOST: 'activities',
      ACTIVITIES_PORT: String(DefaultPorts.activities),
      NOTIFICATIONS_HOST: 'notifications',
      NOTIFICATIONS_PORT: String(DefaultPorts.notifications),
      RPC_TIMEOUT_MS: expect.stringMatching(/^\d+$/),
    });
    expect(services.activities.environment).toMatchObject({
      NOTIFICATIONS_HOST: 'notifications',
      NOTIFICATIONS_PORT: String(DefaultPorts.notifications),
    });
  });

  it("publishes the gateway on 4567 and the daemon on 2000/udp, 2000/tcp and 4318/tcp (OTLP), the apps' defaults", () => {
    expect(tcpPorts(services.gateway).map((p) => [p.published, p.target])).toEqual([
      [DefaultPorts.gateway, DefaultPorts.gateway],
    ]);
    const daemonPorts = publishedPorts(services[DAEMON_SERVICE]).map((p) => `${p.published}:${p.target}/${p.protocol}`);
    expect(daemonPorts.sort()).toEqual([
      `${DefaultPorts.xrayDaemon}:${DefaultPorts.xrayDaemon}/tcp`,
      `${DefaultPorts.xrayDaemon}:${DefaultPorts.xrayDaemon}/udp`,
      `${DefaultPorts.otlp}:${DefaultPorts.otlp}/tcp`,
    ]);
    // The daemon's API has no authentication: the host's loopback only.
    for (const p of publishedPorts(services[DAEMON_SERVICE])) expect(p.hostIp).toBe('127.0.0.1');
    expect(publishedPorts(services.activities)).toEqual([]);
    expect(publishedPorts(services.notifications)).toEqual([]);
  });

  it('moves the published ports with GATEWAY_HOST_PORT, XRAY_DAEMON_HOST_PORT and XRAY_DAEMON_OTLP_HOST_PORT, not the ports inside the network', () => {
    const moved = enabledServices(
      composeConfig('local', {
        GATEWAY_HOST_PORT: '14567',
        XRAY_DAEMON_HOST_PORT: '12000',
        XRAY_DAEMON_OTLP_HOST_PORT: '14318',
      }),
    );
    expect(tcpPorts(moved.gateway).map((p) => [p.published, p.target])).toEqual([[14567, DefaultPorts.gateway]]);
    const daemonPorts = publishedPorts(moved[DAEMON_SERVICE]).map(
      (p) => `${p.hostIp}:${p.published}:${p.target}/${p.protocol}`,
    );
    expect(daemonPorts.sort()).toEqual([
      '127.0.0.1:12000:2000/tcp',
      '127.0.0.1:12000:2000/udp',
      '127.0.0.1:14318:4318/tcp',
    ]);
    expect(moved.gateway.environment?.PORT).toBe(String(DefaultPorts.gateway));
  });

  it('starts the gateway after activities and notifications are healthy, and activities after notifications', () => {
    expect(services.gateway.depends_on).toEqual({
      activities: { condition: 'service_healthy' },
      notifications: { condition: 'service_healthy' },
    });
    expect(services.activities.depends_on).toEqual({ notifications: { condition: 'service_healthy' } });
  });

  it('builds every service from a build context and Dockerfile that exist', () => {
    expect(
      builtServices(services)
        .map(([name]) => name)
        .sort(),
    ).toEqual(Object.keys(services).sort());
    for (const [, service] of builtServices(services)) {
      const context = service.build?.context as string;
      expect(existsSync(context)).toBe(true);
      expect(existsSync(join(context, service.build?.dockerfile ?? 'Dockerfile'))).toBe(true);
      if (service.build?.target !== undefined) {
        const stages = parseDockerfile(readFileSync(join(context, service.build.dockerfile ?? 'Dockerfile'), 'utf8'));
        expect(stages.map((s) => s.name)).toContain(service.build.target);
      }
    }
  });

  it("runs in every container the entry bundle its app's Nx build writes, and the image contains it", () => {
    for (const [name, service] of builtServices(services)) {
      const context = service.build?.context as string;
      const stages = parseDockerfile(readFileSync(join(context, service.build?.dockerfile ?? 'Dockerfile'), 'utf8'));
      const runtime = targetStage(stages, service.build?.target);
      const command = service.command ?? [];
      expect([name, command[0]]).toEqual([name, 'node']);
      // Service name = app folder (apps/<name>); the bundle path is the one its build produces.
      const bundle = appEntryBundle(name);
      expect([name, command[1]]).toEqual([name, bundle]);
      expect(lastInstruction(runtime, 'WORKDIR')).toBe('/app');
      // The runtime stage copies that app's output from a stage that builds it with Nx.
      const outputDir = bundle.slice(0, bundle.lastIndexOf('/'));
      const copy = runtime.instructions.find(
        (i) => i.keyword === 'COPY' && new RegExp(`/${outputDir}\\s+(\\./)?${outputDir}/?$`).test(i.args),
      );
      expect([name, copy?.args]).toEqual([name, expect.stringMatching(/^--from=\S+/)]);
      const fromStage = stages.find((s) => s.name === /^--from=(\S+)/.exec(copy?.args ?? '')?.[1]);
      const nxBuild = fromStage?.instructions.find((i) => i.keyword === 'RUN' && /nx run-many -t build/.test(i.args));
      expect([name, nxBuild?.args]).toEqual([name, expect.any(String)]);
      const projects = /--projects[= ](\S+)/.exec(nxBuild?.args ?? '')?.[1];
      if (projects !== undefined) expect([name, projects.split(',')]).toEqual([name, expect.arrayContaining([name])]);
    }
  });

  it('gives every service a healthcheck that runs in the slim image (node, no curl)', () => {
    for (const [name, service] of Object.entries(services)) {
      const test = healthcheckTest(service);
      expect([name, test.slice(0, 3)]).toEqual([name, ['CMD', 'node', '-e']]);
    }
    expect(healthcheckTest(services.gateway)[3]).toContain('/api/health/live');
    expect(healthcheckTest(services[DAEMON_SERVICE])[3]).toContain('/healthz');
  });

  it('runs no container as root', () => {
    for (const [name, service] of builtServices(services)) {
      if (service.user !== undefined)
        expect([name, service.user]).not.toEqual([name, expect.stringMatching(/^(root|0)(:|$)/)]);
      const context = service.build?.context as string;
      const runtime = targetStage(
        parseDockerfile(readFileSync(join(context, service.build?.dockerfile ?? 'Dockerfile'), 'utf8')),
        service.build?.target,
      );
      const user = service.user ?? lastInstruction(runtime, 'USER');
      expect([name, user]).toEqual([name, expect.any(String)]);
      expect([name, user]).not.toEqual([name, expect.stringMatching(/^(root|0)(:|$)/)]);
    }
  });
});

describe('docker/docker-compose.aws.yml: the AWS daemon instead of the local one', () => {
  let services: Record<string, ComposeService>;
  beforeAll(() => {
    services = enabledServices(composeConfig('aws', AWS_ENV));
  });

  it('starts the apps and the AWS daemon, not the local daemon', () => {
    expect(Object.keys(services).sort()).toEqual([...APPS, 'aws-xray-daemon'].sort());
  });

  it("runs amazon/aws-xray-daemon with the seed's command and the host's credentials and region", () => {
    const aws = services['aws-xray-daemon'];
    expect({ image: aws.image, command: aws.command }).toEqual(SEED_AWS_DAEMON);
    expect(aws.environment).toMatchObject(AWS_ENV);
  });

  it(`keeps every app on ${DAEMON_ADDRESS}, which now reaches the AWS daemon only`, () => {
    for (const app of APPS)
      expect([app, services[app].environment?.AWS_XRAY_DAEMON_ADDRESS]).toEqual([app, DAEMON_ADDRESS]);
    expect(servicesNamed(services, DAEMON_SERVICE)).toEqual(['aws-xray-daemon']);
    const ports = publishedPorts(services['aws-xray-daemon']).map((p) => `${p.published}:${p.target}/${p.protocol}`);
    expect(ports.sort()).toEqual(['2000:2000/tcp', '2000:2000/udp']);
  });
});

describe('docker/docker-compose.aws-forward.yml: the local daemon, relaying to the AWS daemon', () => {
  let services: Record<string, ComposeService>;
  beforeAll(() => {
    services = enabledServices(composeConfig('awsForward', AWS_ENV));
  });

  it('runs both daemons; the apps still send to the local one', () => {
    expect(Object.keys(services).sort()).toEqual([...APPS, DAEMON_SERVICE, 'aws-xray-daemon'].sort());
    for (const app of APPS) expect(services[app].environment?.AWS_XRAY_DAEMON_ADDRESS).toBe(DAEMON_ADDRESS);
    expect(servicesNamed(services, DAEMON_SERVICE)).toEqual([DAEMON_SERVICE]);
  });

  it("forwards from the local daemon to aws-xray-daemon:2000, which binds that name and has the host's credentials", () => {
    const local = services[DAEMON_SERVICE].command ?? [];
    expect(local.slice(2, 2 + LOCAL_DAEMON_COMMAND_TAIL.length)).toEqual(LOCAL_DAEMON_COMMAND_TAIL);
    expect(flagValue(local, '--forward')).toBe('aws-xray-daemon:2000');
    const aws = services['aws-xray-daemon'];
    expect(aws.image).toBe(SEED_AWS_DAEMON.image);
    expect(aws.command).toEqual(['xray', '-o', '-b', 'aws-xray-daemon:2000']);
    expect(aws.environment).toMatchObject(AWS_ENV);
    // Port 2000 on the host stays the local daemon's.
    expect(publishedPorts(aws)).toEqual([]);
  });
});

describe('the image', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const stages = parseDockerfile(dockerfile);
  const runtime = targetStage(stages);

  it('is a multi-stage build: install, Nx build, production dependencies, slim runtime', () => {
    const runs = stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args));
    // npm ci: exactly package-lock.json.
    expect(runs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^npm ci --no-audit --no-fund/),
        expect.stringMatching(/nx run-many -t build/),
      ]),
    );
    expect(runs.some((run) => /\bnpm install\b/.test(run))).toBe(false);
    // The Node LTS by default; the build argument takes node:20-slim too.
    expect(runtime.from).toBe('node:24-slim');
    expect(stages.every((s) => s.from === runtime.from)).toBe(true);
    expect(dockerfile).toMatch(/^FROM \$\{NODE_IMAGE\} AS runtime$/m);
    const copiedNodeModules = runtime.instructions.find((i) => i.keyword === 'COPY' && /node_modules/.test(i.args));
    const depsStage = stages.find((s) => s.name === /^--from=(\S+)/.exec(copiedNodeModules?.args ?? '')?.[1]);
    expect(depsStage?.instructions.some((i) => i.keyword === 'RUN' && /npm ci .*--omit=dev/.test(i.args))).toBe(true);
    // Nothing but node_modules, dist/ and the sampling rule goes into the runtime stage.
    const copies = runtime.instructions
      .filter((i) => i.keyword === 'COPY')
      .map((i) => i.args.split(/\s+/).slice(-1)[0]);
    for (const target of copies) expect(target).toMatch(/^\.\/(node_modules|dist\/apps\/[\w-]+|aws\/json)$/);
  });

  it("carries the web UI the daemon serves: the viewer's Nx build output, next to the daemon's bundle", () => {
    const viewer = appEntryBundle('xray-viewer');
    const viewerDir = viewer.slice(0, viewer.lastIndexOf('/'));
    const daemon = appEntryBundle('xray-daemon');
    // The daemon looks for the UI in ../xray-viewer from its bundle's directory.
    expect(posix.join(daemon, '../../xray-viewer')).toBe(viewerDir);
    const copy = runtime.instructions.find(
      (i) => i.keyword === 'COPY' && i.args.endsWith(`/${viewerDir} ./${viewerDir}`),
    );
    const fromStage = stages.find((s) => s.name === /^--from=(\S+)/.exec(copy?.args ?? '')?.[1]);
    const nxBuild = fromStage?.instructions.find((i) => i.keyword === 'RUN' && /nx run-many -t build/.test(i.args));
    expect(/--projects[= ](\S+)/.exec(nxBuild?.args ?? '')?.[1]?.split(',')).toContain('xray-viewer');
  });

  it('leaves node_modules, dist and the Nx cache out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'tmp', '.git']));
    // ...but not what the build needs.
    for (const needed of [
      'package.json',
      'package-lock.json',
      'nx.json',
      'tsconfig.base.json',
      'apps',
      'libs',
      'aws',
    ]) {
      expect([needed, existsSync(join(ROOT, needed))]).toEqual([needed, true]);
      expect(ignored).not.toContain(needed);
    }
  });
});
