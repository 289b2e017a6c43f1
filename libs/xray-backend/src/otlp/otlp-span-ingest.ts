import { countEntities, type OtlpResourceSpans, spansToDocuments, splitDocument } from '@cruddur/otlp';
import type { SegmentIngest } from '../pipeline/segment-ingest';
import { prepareSegmentObject } from '../segments/prepare-segment-object';
import type { RejectReason } from '../segments/reject-reason';
import { describeRejectReason } from './describe-reject-reason';

/** What became of one request's spans. */
export interface SpanVerdicts {
  readonly accepted: number;
  /** Refused spans by reason, each with the first explanation seen. */
  readonly rejected: ReadonlyMap<RejectReason, { count: number; message: string }>;
}

function reject(
  into: Map<RejectReason, { count: number; message: string }>,
  reason: RejectReason,
  count: number,
  message: string,
): void {
  const entry = into.get(reason);
  if (entry === undefined) into.set(reason, { count, message });
  else entry.count += count;
}

/**
 * OpenTelemetry spans into the daemon's one ingest pipeline: translated to X-Ray documents, then
 * validated, stored, graphed, logged and counted exactly as UDP segments. A document holding
 * several spans that is refused as a whole (one bad span, or over 64 KB) is offered again one
 * span per document, so the good spans of a batch are kept and only the bad ones are lost.
 */
export function ingestSpans(ingest: SegmentIngest, batch: readonly OtlpResourceSpans[]): SpanVerdicts {
  const { documents, rejected: refusedSpans } = spansToDocuments(batch);
  const rejected = new Map<RejectReason, { count: number; message: string }>();
  for (const { reason, message } of refusedSpans) reject(rejected, reason, 1, message);
  let accepted = 0;
  for (const document of documents) {
    const spans = countEntities(document);
    let prepared = prepareSegmentObject(document);
    if (!prepared.ok && spans > 1) {
      for (const piece of splitDocument(document)) {
        prepared = prepareSegmentObject(piece);
        const outcome = ingest.receivePrepared(prepared);
        if (outcome.ok) accepted++;
        else reject(rejected, outcome.reason, 1, describeRejectReason(outcome.reason));
      }
      continue;
    }
    const outcome = ingest.receivePrepared(prepared);
    if (outcome.ok) accepted += spans;
    else reject(rejected, outcome.reason, spans, describeRejectReason(outcome.reason));
  }
  return { accepted, rejected };
}
