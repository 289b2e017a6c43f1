import { randomBytes } from 'node:crypto';

/** `Root=1-<epoch hex>-<24 hex>;Sampled=1`: a new trace the client asks to be sampled. */
export function sampledTraceHeader(nowMs = Date.now()): string {
  return `Root=1-${Math.floor(nowMs / 1000).toString(16).padStart(8, '0')}-${randomBytes(12).toString('hex')};Sampled=1`;
}
