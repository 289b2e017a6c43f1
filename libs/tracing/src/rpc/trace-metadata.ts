/**
 * Trace context on Nest's TCP transport. Nest 12 carries packet metadata as
 * `{"pattern","data","id","metadata":{...}}`; Nest 11 ignores unknown packet fields, so
 * the same wire form works on both and a service upgraded to Nest 12 still links up.
 */
export const TRACE_METADATA_KEY = 'x-amzn-trace-id';

export interface PacketMetadata {
  [TRACE_METADATA_KEY]?: string;
}

/** The trace header of a raw incoming packet, if it carries a string one. */
export function traceHeaderOfPacket(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const metadata = (raw as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const header = (metadata as Record<string, unknown>)[TRACE_METADATA_KEY];
  return typeof header === 'string' ? header : undefined;
}
