import type { Edge, Service } from '@aws-sdk/client-xray';

/** The edge from service `from` to service `to` in a GetServiceGraph answer, by name. */
export function serviceGraphEdge(services: readonly Service[], from: string, to: string): Edge | undefined {
  const target = services.find((s) => s.Name === to);
  return services.find((s) => s.Name === from)?.Edges?.find((e) => e.ReferenceId === target?.ReferenceId);
}
