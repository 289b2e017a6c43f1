import { BatchGetTracesCommand, type XRayClient } from '@aws-sdk/client-xray';
import { allSubsegments, type CollectedSegment } from '@cruddur/test-kit';

/** A gateway route, what it answers, and the services one request through it must leave segments from. */
export interface ApiRoute {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly status: number;
  readonly services: readonly string[];
  /** Caller -> callee edges one request adds to the service graph. */
  readonly edges: readonly (readonly [string, string])[];
}

export const ROUTES: readonly ApiRoute[] = [
  {
    name: 'home',
    method: 'GET',
    path: '/api/activities/home',
    status: 200,
    services: ['gateway', 'activities'],
    edges: [['gateway', 'activities']],
  },
  {
    name: 'user',
    method: 'GET',
    path: '/api/activities/@worf',
    status: 200,
    services: ['gateway', 'activities'],
    edges: [['gateway', 'activities']],
  },
  {
    name: 'search',
    method: 'GET',
    path: '/api/activities/search?term=cloud',
    status: 200,
    services: ['gateway', 'activities'],
    edges: [['gateway', 'activities']],
  },
  {
    name: 'unknown_user',
    method: 'GET',
    path: '/api/activities/@nobody',
    status: 404,
    services: ['gateway', 'activities'],
    edges: [['gateway', 'activities']],
  },
  {
    name: 'notifications',
    method: 'GET',
    path: '/api/activities/notifications',
    status: 200,
    services: ['gateway', 'notifications'],
    edges: [['gateway', 'notifications']],
  },
  {
    name: 'create',
    method: 'POST',
    path: '/api/activities',
    body: JSON.stringify({ message: 'reliability run, hello @worf', ttl: '1-day' }),
    status: 201,
    services: ['gateway', 'activities', 'notifications'],
    edges: [
      ['gateway', 'activities'],
      ['activities', 'notifications'],
    ],
  },
];

export const headersFor = (route: ApiRoute, traceHeader: string): Record<string, string> => ({
  'X-Amzn-Trace-Id': traceHeader,
  ...(route.body ? { 'Content-Type': 'application/json' } : {}),
});

/** Reads stored traces back (100 ids a call), as segment documents. */
export async function fetchTraces(
  client: XRayClient,
  ids: readonly string[],
): Promise<Map<string, CollectedSegment[]>> {
  const out = new Map<string, CollectedSegment[]>();
  for (let i = 0; i < ids.length; i += 100) {
    let NextToken: string | undefined;
    do {
      const page = await client.send(new BatchGetTracesCommand({ TraceIds: ids.slice(i, i + 100), NextToken }));
      for (const trace of page.Traces ?? [])
        out.set(
          trace.Id as string,
          (trace.Segments ?? []).map((s) => JSON.parse(s.Document as string) as CollectedSegment),
        );
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return out;
}

/**
 * Why a trace is not complete, or undefined when it is: exactly one segment per expected service,
 * the gateway's a root, and every other one hanging off a remote subsegment (named after it) of
 * the right caller in the same trace. Standalone subsegment documents count as their parent's.
 */
export function incompleteness(segments: readonly CollectedSegment[] | undefined, route: ApiRoute): string | undefined {
  if (!segments) return 'trace not stored';
  const top = segments.filter((s) => s.type !== 'subsegment');
  const names = top.map((s) => s.name).sort();
  if (JSON.stringify(names) !== JSON.stringify([...route.services].sort()))
    return `segments ${names.join(',')}, expected ${[...route.services].sort().join(',')}`;
  const remote = new Map<string, { owner: string; name: string }>();
  for (const segment of top)
    for (const sub of allSubsegments(segment))
      if (sub.namespace === 'remote') remote.set(sub.id, { owner: segment.name, name: sub.name });
  for (const sub of segments.filter((s) => s.type === 'subsegment')) {
    const owner = top.find((s) => s.id === sub.parent_id || allSubsegments(s).some((x) => x.id === sub.parent_id));
    for (const x of [sub, ...allSubsegments(sub)])
      if (x.namespace === 'remote') remote.set(x.id, { owner: owner?.name ?? '?', name: x.name });
  }
  for (const segment of top) {
    if (segment.name === 'gateway') {
      if (segment.parent_id !== undefined) return `gateway has parent ${segment.parent_id}`;
      continue;
    }
    const caller = remote.get(segment.parent_id ?? '');
    if (!caller) return `${segment.name} is an orphan (parent ${segment.parent_id})`;
    if (caller.name !== segment.name || !route.edges.some(([from, to]) => from === caller.owner && to === segment.name))
      return `${segment.name} hangs off ${caller.owner}'s ${caller.name} call`;
  }
  return undefined;
}
