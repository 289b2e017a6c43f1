import type { AttributeMap } from '../model/otlp-span';
import type { SpanAttributes } from './span-attributes';

/** X-Ray's limit on segment and subsegment names. */
export const MAX_SEGMENT_NAME_LENGTH = 200;

/** At most 200 UTF-16 units, not cutting a surrogate pair in half; never empty. */
export function fitSegmentName(name: string): string {
  if (name.length === 0) return 'unknown';
  if (name.length <= MAX_SEGMENT_NAME_LENGTH) return name;
  const cut = name.slice(0, MAX_SEGMENT_NAME_LENGTH);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** A segment is named after the service that recorded it (resource `service.name`). */
export function segmentName(resource: AttributeMap, spanName: string): string {
  const service = resource['service.name'];
  return fitSegmentName(typeof service === 'string' && service !== '' ? service : spanName);
}

/**
 * A remote subsegment is named after what it called, as the Collector's X-Ray exporter does:
 * `peer.service`, then `rpc.service`, then the host (`server.address`, `net.peer.name`,
 * `http.host`), then the span name. Other subsegments keep the span name.
 */
export function subsegmentName(attributes: SpanAttributes, spanName: string, remote: boolean): string {
  if (!remote) return fitSegmentName(spanName);
  return fitSegmentName(
    attributes.peekString('peer.service', 'rpc.service', 'server.address', 'net.peer.name', 'http.host') ?? spanName,
  );
}
