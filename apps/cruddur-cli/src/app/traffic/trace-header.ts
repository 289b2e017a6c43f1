import { formatTraceHeader, newTraceId } from '@cruddur/xray-contracts';

/** `Root=1-<epoch hex>-<24 hex>;Sampled=1`: a new trace the client asks to be sampled. */
export function sampledTraceHeader(nowMs = Date.now()): string {
  return formatTraceHeader({ root: newTraceId(nowMs), sampled: '1' });
}
