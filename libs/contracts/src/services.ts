/** Logical service names: injection tokens of the gateway's clients and X-Ray segment names. */
export const ServiceNames = {
  gateway: 'gateway',
  activities: 'activities',
  notifications: 'notifications',
} as const;

export type ServiceName = (typeof ServiceNames)[keyof typeof ServiceNames];

export interface ServiceNode {
  /** How it is reached: the HTTP API, or a Nest TCP microservice. */
  readonly transport: 'http' | 'tcp';
  readonly defaultPort: number;
  /** The services it sends requests or events to: each is started before it. */
  readonly calls: readonly ServiceName[];
}

/**
 * The stack: every service, its default port and whom it calls. Each service's config, `npm start`
 * (apps/stack) and the test kit's CruddurStack read it, so they cannot disagree.
 */
export const Topology: Readonly<Record<ServiceName, ServiceNode>> = {
  gateway: { transport: 'http', defaultPort: 4567, calls: [ServiceNames.activities, ServiceNames.notifications] },
  activities: { transport: 'tcp', defaultPort: 4001, calls: [ServiceNames.notifications] },
  notifications: { transport: 'tcp', defaultPort: 4002, calls: [] },
};

/** Default ports, overridable by env (see each app's config). */
export const DefaultPorts = {
  gateway: Topology.gateway.defaultPort,
  activities: Topology.activities.defaultPort,
  notifications: Topology.notifications.defaultPort,
  xrayDaemon: 2000,
  /** The daemon's OTLP/HTTP receiver: the standard OTLP/HTTP port. */
  otlp: 4318,
} as const;

/** Every service, each after the services it calls: the order to start them in. */
export function startOrder(): ServiceName[] {
  const order: ServiceName[] = [];
  const visit = (name: ServiceName, path: readonly ServiceName[]): void => {
    if (order.includes(name)) return;
    if (path.includes(name)) throw new Error(`services call each other in a cycle: ${[...path, name].join(' -> ')}`);
    for (const callee of Topology[name].calls) visit(callee, [...path, name]);
    order.push(name);
  };
  for (const name of Object.keys(Topology) as ServiceName[]) visit(name, []);
  return order;
}

/**
 * The env vars that say where a service listens, to the services that call it and to `npm start`
 * (which moves its port): `<NAME>_HOST`, `<NAME>_PORT`.
 */
export function addressEnvOf(name: ServiceName): { readonly host: string; readonly port: string } {
  const prefix = name.toUpperCase();
  return { host: `${prefix}_HOST`, port: `${prefix}_PORT` };
}

/** The env that tells `name` where each service it calls listens (all on `host`). */
export function callsEnv(
  name: ServiceName,
  host: string,
  ports: Readonly<Record<ServiceName, number>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const callee of Topology[name].calls) {
    const vars = addressEnvOf(callee);
    env[vars.host] = host;
    env[vars.port] = String(ports[callee]);
  }
  return env;
}
