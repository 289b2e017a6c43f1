import { xrayTraceIdOf } from '@cruddur/xray-contracts';

/**
 * The X-Ray form of a W3C trace id: `1-<first 8 hex>-<last 24 hex>`. With the X-Ray id generator
 * the first 8 digits are the epoch seconds; with OpenTelemetry's default generator they are random,
 * and the id is kept as is all the same (nothing downstream reads a time from it). The conversion
 * itself is the wire format's, defined once in @cruddur/xray-contracts.
 */
export const xrayTraceId: (w3cTraceId: string) => string = xrayTraceIdOf;
