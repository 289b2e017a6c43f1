import { join } from 'node:path';
import { CruddurStack, defined, eventually, SegmentCollector, type ServiceProcess } from '@cruddur/test-kit';

/**
 * The built services as deployed: with the default sampler (our X-Ray centralized sampler) no
 * process loads aws-xray-sdk-core, and the segments the gateway sends name @cruddur/tracing as
 * their recorder; `OTEL_TRACES_SAMPLER=xray-sdk` brings the SDK back (so the check can fail).
 */
const PROBE = join(__dirname, 'fixtures/loaded-modules.cjs');

let collector: SegmentCollector;
beforeAll(async () => {
  collector = await SegmentCollector.start();
});
afterAll(async () => collector?.close());

/** Whether the service's process has aws-xray-sdk-core in its module cache (asked through the probe). */
async function sdkLoaded(service: ServiceProcess): Promise<boolean | undefined> {
  const before = service.logs().length;
  process.kill(defined(service.pid, `${service.name}'s pid`), 'SIGUSR2');
  return eventually(async () => {
    const line = /LOADED (\{.*\})/.exec(service.logs().slice(before));
    return line ? (JSON.parse(line[1]) as { awsXraySdkCore: boolean }).awsXraySdkCore : undefined;
  });
}

it.each([
  { name: 'the default sampler', env: {} as Record<string, string>, loaded: false, sdk: '@cruddur/tracing' },
  {
    name: 'OTEL_TRACES_SAMPLER=xray-sdk',
    env: { OTEL_TRACES_SAMPLER: 'xray-sdk' },
    loaded: true,
    sdk: 'X-Ray for Node.js',
  },
])('$name: aws-xray-sdk-core loaded: $loaded; segments name $sdk', async ({ env, loaded, sdk }) => {
  const stack = await CruddurStack.start({
    ...env,
    NODE_OPTIONS: `--require ${PROBE}`,
    AWS_XRAY_DAEMON_ADDRESS: collector.address,
  });
  try {
    // The gateway decides (its Cruddur rule samples the first 5 requests a second).
    const res = await fetch(stack.url('/api/activities/home'));
    expect(res.status).toBe(200);
    const traceId = /Root=([^;]+)/.exec(res.headers.get('x-amzn-trace-id') ?? '')?.[1] ?? '';
    const segments = await collector.waitForTrace(traceId, (found) => found.some((s) => s.name === 'gateway'));
    expect(segments.find((s) => s.name === 'gateway')?.aws).toMatchObject({ xray: { sdk } });
    for (const service of [stack.gateway, stack.activities, stack.notifications])
      expect([service.name, await sdkLoaded(service)]).toEqual([service.name, loaded]);
  } finally {
    await stack.stop();
  }
});
