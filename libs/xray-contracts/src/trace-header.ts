import { parseAnyTraceHeader, parseCanonicalTraceHeader } from './trace-header-parsers';

/**
 * `X-Amzn-Trace-Id` parsing and formatting. Strict on purpose: the header comes from
 * the outside, so anything malformed is ignored as a whole (a fresh trace starts) and
 * nothing of it is ever reflected back.
 */
export type SampledFlag = '0' | '1' | '?';

export interface TraceHeader {
  root: string;
  parent?: string;
  sampled?: SampledFlag;
  /** Set by AWS services; passed on untouched, never interpreted. */
  lineage?: string;
}

export const TRACE_HEADER = 'x-amzn-trace-id';
/** Longer headers are not parsed at all, so a huge header costs nothing. */
export const MAX_TRACE_HEADER_LENGTH = 512;

/** Parses a header value; undefined when absent or malformed in any recognised part. */
export function parseTraceHeader(value: unknown): TraceHeader | undefined {
  if (Array.isArray(value)) value = value[0];
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TRACE_HEADER_LENGTH) return undefined;
  return parseCanonicalTraceHeader(value) ?? parseAnyTraceHeader(value);
}

/** `Root=...;Parent=...;Sampled=...[;Lineage=...]`, from validated parts only. */
export function formatTraceHeader(header: TraceHeader): string {
  let out = `Root=${header.root}`;
  if (header.parent) out += `;Parent=${header.parent}`;
  if (header.sampled) out += `;Sampled=${header.sampled}`;
  if (header.lineage) out += `;Lineage=${header.lineage}`;
  return out;
}
