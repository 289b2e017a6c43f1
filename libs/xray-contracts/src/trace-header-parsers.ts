import { isSegmentId, isTraceId, TRACE_ID_LENGTH } from './ids';
import type { SampledFlag, TraceHeader } from './trace-header';

// The two readers behind parseTraceHeader (trace-header.ts), apart so a spec can hold them
// against each other; not part of the package's API.

const LINEAGE = /^[A-Za-z0-9:|,-]{1,200}$/;

function isSampledFlag(value: string): value is SampledFlag {
  return value === '0' || value === '1' || value === '?';
}

/**
 * The form every X-Ray SDK and this library send, `Root=<id>[;Parent=<id>][;Sampled=<flag>]`,
 * read at fixed offsets; undefined for anything else, which parseAnyTraceHeader then reads.
 * Every traced request and message parses a header: this takes a fraction of the general
 * path's ~2-3 µs, which splits, trims and slices each part.
 */
export function parseCanonicalTraceHeader(value: string): TraceHeader | undefined {
  if (!value.startsWith('Root=')) return undefined;
  const root = value.slice(5, 5 + TRACE_ID_LENGTH);
  if (!isTraceId(root)) return undefined;
  let at = 5 + TRACE_ID_LENGTH;
  let parent: string | undefined;
  let sampled: SampledFlag | undefined;
  if (value.startsWith(';Parent=', at)) {
    parent = value.slice(at + 8, at + 24);
    if (!isSegmentId(parent)) return undefined;
    at += 24;
  }
  if (value.startsWith(';Sampled=', at)) {
    const flag = value.charAt(at + 9);
    if (!isSampledFlag(flag)) return undefined;
    sampled = flag;
    at += 10;
  }
  return at === value.length ? { root, parent, sampled, lineage: undefined } : undefined;
}

/** Any well-formed header: parts in any order, spaces around them, Lineage and other keys. */
export function parseAnyTraceHeader(value: string): TraceHeader | undefined {
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
        if (sampled !== undefined || !isSampledFlag(val)) return undefined;
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
