import { isSegmentId, isTraceId } from './ids';

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

const LINEAGE = /^[A-Za-z0-9:|,-]{1,200}$/;

/** Parses a header value; undefined when absent or malformed in any recognised part. */
export function parseTraceHeader(value: unknown): TraceHeader | undefined {
  if (Array.isArray(value)) value = value[0];
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TRACE_HEADER_LENGTH) return undefined;
  let root: string | undefined;
  let parent: string | undefined;
  let sampled: SampledFlag | undefined;
  let lineage: string | undefined;
  for (const part of value.split(';')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    const key = pair.slice(0, eq).trim();
    const val = pair.slice(eq + 1).trim();
    switch (key) {
      case 'Root':
        if (root !== undefined || !isTraceId(val)) return undefined;
        root = val;
        break;
      case 'Parent':
        if (parent !== undefined || !isSegmentId(val)) return undefined;
        parent = val;
        break;
      case 'Sampled':
        if (sampled !== undefined || (val !== '0' && val !== '1' && val !== '?')) return undefined;
        sampled = val;
        break;
      case 'Lineage':
        if (lineage !== undefined || !LINEAGE.test(val)) return undefined;
        lineage = val;
        break;
      default:
        // Other keys (Self=, vendor keys) are allowed but dropped.
        break;
    }
  }
  if (root === undefined) return undefined;
  return { root, parent, sampled, lineage };
}

/** `Root=...;Parent=...;Sampled=...[;Lineage=...]`, from validated parts only. */
export function formatTraceHeader(header: TraceHeader): string {
  let out = `Root=${header.root}`;
  if (header.parent) out += `;Parent=${header.parent}`;
  if (header.sampled) out += `;Sampled=${header.sampled}`;
  if (header.lineage) out += `;Lineage=${header.lineage}`;
  return out;
}
