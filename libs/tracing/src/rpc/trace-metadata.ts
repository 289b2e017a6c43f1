import { TRACE_HEADER } from '@cruddur/xray-contracts';

/**
 * Trace context on Nest's TCP transport. Nest 12 carries packet metadata as
 * `{"pattern","data","id","metadata":{...}}` (string values); Nest 11 ignores unknown packet
 * fields, so the same wire form works on both and a service upgraded to Nest 12 still links up.
 * The keys are the HTTP header names, lower case: `x-amzn-trace-id`, `traceparent`, `tracestate`.
 */
export const TRACE_METADATA_KEY = TRACE_HEADER;

/** Outgoing packet metadata: the propagators' fields. */
export type PacketMetadata = Record<string, string>;

/** The metadata of a raw incoming packet, when it has an object there (its values are checked by the propagators). */
export function metadataOfPacket(raw: unknown): Readonly<Record<string, unknown>> | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const metadata = (raw as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  return metadata as Record<string, unknown>;
}

/** The CarrierSetter for packet metadata. */
export function setMetadataField(metadata: PacketMetadata, name: string, value: string): void {
  metadata[name] = value;
}
