import { DATAGRAM_HEADER, MAX_DATAGRAM_BYTES } from '@cruddur/xray-contracts';
import type { ParseResult } from './reject-reason';
import { parseSegmentJson } from './parse-segment-json';

const NEWLINE = 0x0a;
const CANONICAL_HEADER = Buffer.from(DATAGRAM_HEADER);

function headerOk(buf: Buffer, end: number): boolean {
  // Fast path: every SDK writes exactly this header; only odd spacing needs JSON.parse.
  if (end === CANONICAL_HEADER.length && buf.compare(CANONICAL_HEADER, 0, end, 0, end) === 0) return true;
  try {
    const header: unknown = JSON.parse(buf.toString('utf8', 0, end));
    if (typeof header !== 'object' || header === null) return false;
    const { format, version } = header as { format?: unknown; version?: unknown };
    return format === 'json' && version === 1;
  } catch {
    return false;
  }
}

/**
 * Parses one UDP datagram: `{"format":"json","version":1}\n<segment document>`.
 * Never throws, whatever the bytes.
 */
export function parseDatagram(buf: Buffer): ParseResult {
  if (buf.length > MAX_DATAGRAM_BYTES) return { ok: false, reason: 'too_large' };
  const newline = buf.indexOf(NEWLINE);
  if (newline < 0) return { ok: false, reason: 'no_header' };
  if (!headerOk(buf, newline)) return { ok: false, reason: 'bad_header' };
  return parseSegmentJson(buf.toString('utf8', newline + 1));
}
