/**
 * The X-Ray form of a W3C trace id: `1-<first 8 hex>-<last 24 hex>`. With the X-Ray id generator
 * the first 8 digits are the epoch seconds; with OpenTelemetry's default generator they are random,
 * and the id is kept as is all the same (nothing downstream reads a time from it).
 */
export function xrayTraceId(w3cTraceId: string): string {
  return `1-${w3cTraceId.slice(0, 8)}-${w3cTraceId.slice(8)}`;
}
