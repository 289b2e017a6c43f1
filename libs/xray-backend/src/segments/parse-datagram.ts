import { DATAGRAM_HEADER, MAX_DATAGRAM_BYTES } from '@cruddur/xray-contracts';
import type { ParseResult } from './reject-reason';
import { parseSegmentJson } from './parse-segment-json';
import { scanSegmentDocument } from './segment-scanner';

const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CANONICAL_HEADER = Buffer.from(DATAGRAM_HEADER);

/** JSON whitespace: space, tab, CR (a header line holds no LF). */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

/**
 * Whether `buf` starts with the header every SDK writes, and its newline: compared here byte by
 * byte, as Buffer's indexOf and compare (native calls) cost ~3% of a valid datagram's scan.
 */
function startsWithCanonicalHeader(buf: Buffer): boolean {
  const length = CANONICAL_HEADER.length;
  if (buf.length <= length || buf[length] !== NEWLINE) return false;
  for (let i = 0; i < length; i++) if (buf[i] !== CANONICAL_HEADER[i]) return false;
  return true;
}

/** Whether a header line other than the canonical one holds format "json" and version 1. */
function headerOk(buf: Buffer, end: number): boolean {
  // Only a JSON object can hold the format and version: anything else is refused unparsed.
  let first = 0;
  while (first < end && isSpace(buf[first])) first++;
  if (buf[first] !== OPEN_BRACE) return false;
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
 * Parses one UDP datagram: `{"format":"json","version":1}\n<segment document>`. What the size
 * and the header line decide is refused before the body is looked at; the body is read by the
 * validating scanner, and an accepted document's text is handed on as the datagram's bytes (the
 * store copies them; nothing decodes them on the way in).
 * The verdicts are those of JSON.parse and validateSegmentDocument. Never throws, whatever the bytes.
 */
export function parseDatagram(buf: Buffer): ParseResult {
  if (buf.length > MAX_DATAGRAM_BYTES) return { ok: false, reason: 'too_large' };
  const canonical = startsWithCanonicalHeader(buf);
  const newline = canonical ? CANONICAL_HEADER.length : buf.indexOf(NEWLINE);
  if (newline < 0) return { ok: false, reason: 'no_header' };
  if (!canonical && !headerOk(buf, newline)) return { ok: false, reason: 'bad_header' };
  const scanned = scanSegmentDocument(buf, newline + 1);
  if (scanned === undefined) return parseSegmentJson(buf.toString('utf8', newline + 1));
  return scanned.ok
    ? { ok: true, document: scanned.document, json: { bytes: buf, start: newline + 1, end: buf.length } }
    : scanned;
}
