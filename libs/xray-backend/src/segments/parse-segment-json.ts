import type { ParseResult } from './reject-reason';
import { validateSegmentDocument } from './validate-segment-document';

/** Parses and validates one segment document given as JSON text (HTTP PutTraceSegments entries, datagram bodies). */
export function parseSegmentJson(json: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'bad_json' };
  }
  const result = validateSegmentDocument(value);
  return result.ok ? { ok: true, document: result.document, json } : result;
}
