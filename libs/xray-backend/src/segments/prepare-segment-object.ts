import { exceedsDocumentLimit } from './document-size';
import type { ParseResult } from './reject-reason';
import { validateSegmentDocument } from './validate-segment-document';

/**
 * A document built in this process (an OpenTelemetry span translated to X-Ray) checked exactly
 * as a received one is: the same validation, then its JSON text (what the store and the segment
 * log keep) under the same 64 KB limit. Validation runs first, so the serializer never meets
 * deep nesting. Never throws.
 */
export function prepareSegmentObject(value: unknown): ParseResult {
  const result = validateSegmentDocument(value);
  if (!result.ok) return result;
  const json = JSON.stringify(value);
  return exceedsDocumentLimit(json)
    ? { ok: false, reason: 'too_large' }
    : { ok: true, document: result.document, json };
}
