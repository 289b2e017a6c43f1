import { describeFetchFailure } from '../http-base-url';
import { CliFailure } from '../cli-failure';

/** The part of the gateway's `GET /api/health` body read here. */
interface HealthBody {
  readonly dependencies?: Readonly<Record<string, { readonly status: 'up' | 'down' }>>;
}

/** Services the gateway reports down (its readiness probe of each one). */
export async function servicesDown(gateway: string): Promise<string[]> {
  let response: Response;
  try {
    response = await fetch(`${gateway}/api/health`, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new CliFailure(
      `Cannot reach the gateway at ${gateway} (${describeFetchFailure(error)}). Start the stack with \`npm start\`, or pass --gateway URL.`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as HealthBody;
  return Object.entries(body.dependencies ?? {})
    .filter(([, health]) => health.status !== 'up')
    .map(([name]) => name);
}
