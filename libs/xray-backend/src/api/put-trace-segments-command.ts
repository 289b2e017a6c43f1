import type { UnprocessedTraceSegment } from '@cruddur/xray-contracts';
import type { JsonObject } from '../api-errors/request-fields';
import type { SegmentIngest } from '../pipeline/segment-ingest';
import { requiredStringList } from './request-lists';

/** The document's `id`, if the text is a JSON object that has one (to name a refused entry). */
function idOf(json: string): string | undefined {
  try {
    const value: unknown = JSON.parse(json);
    const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id.slice(0, 64) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PutTraceSegments: each entry goes through the same pipeline as a UDP datagram. Refused entries
 * come back in UnprocessedTraceSegments with the reason as ErrorCode; the call itself succeeds.
 */
export function putTraceSegments(
  ingest: SegmentIngest,
  body: JsonObject,
): { UnprocessedTraceSegments: UnprocessedTraceSegment[] } {
  const documents = requiredStringList(body, 'TraceSegmentDocuments', 'PutTraceSegmentsRequest');
  const unprocessed: UnprocessedTraceSegment[] = [];
  for (const json of documents) {
    const outcome = ingest.receiveDocument(json);
    if (outcome.ok) continue;
    const id = outcome.reason === 'too_large' ? undefined : idOf(json);
    const entry = { ErrorCode: outcome.reason, Message: `Segment document refused: ${outcome.reason}` };
    unprocessed.push(id === undefined ? entry : { Id: id, ...entry });
  }
  return { UnprocessedTraceSegments: unprocessed };
}
