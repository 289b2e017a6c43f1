import { randomFillSync } from 'node:crypto';

/**
 * Random X-Ray ids drawn from a pooled buffer of crypto randomness. Measured hot path
 * (docs/benchmarks.md): one `randomBytes` call per id was ~4% of the gateway's CPU; filling
 * 4 KB at a time costs the same randomness with one call per ~500 ids.
 */
const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

function randomHex(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/** A segment or subsegment id: 16 hex digits. */
export function newSpanId(): string {
  return randomHex(8);
}

/** A trace id, `1-<epoch seconds, 8 hex>-<24 hex>`. */
export function newTraceId(nowMs: number = Date.now()): string {
  return `1-${Math.floor(nowMs / 1000).toString(16).padStart(8, '0')}-${randomHex(12)}`;
}
