import type { ServiceGraphAggregator } from '../graph/service-graph-aggregator';
import type { SegmentLog } from '../persistence/segment-log';
import { exceedsDocumentLimit } from '../segments/document-size';
import { documentTextString, type DocumentText } from '../segments/document-text';
import { parseDatagram } from '../segments/parse-datagram';
import { parseSegmentJson } from '../segments/parse-segment-json';
import { RejectCounters } from '../segments/reject-counters';
import type { ParseResult, RejectReason } from '../segments/reject-reason';
import type { TraceDocument } from '@cruddur/xray-contracts';
import { toSegmentRecord } from '../store/segment-record';
import type { StoreOutcome, TraceStore } from '../store/trace-store';
import type { IngestCounters } from './ingest-counters';

/** The result of offering one document: stored (or a harmless duplicate), too old, or refused. */
export type IngestOutcome = { ok: true; stored: StoreOutcome } | { ok: false; reason: RejectReason };

/**
 * The ingest pipeline, one stage after another: parse -> record -> store -> service graph ->
 * segment log. Every entry point (UDP datagrams, PutTraceSegments entries, OTLP spans) ends up
 * here, so they are validated and counted alike. Never throws for any input.
 */
export class SegmentIngest {
  private readonly verdicts = new RejectCounters();
  private received = 0;
  private expired = 0;
  private replayed = 0;

  constructor(
    private readonly store: TraceStore,
    private readonly graph: ServiceGraphAggregator,
    private readonly log: SegmentLog | undefined,
    /** Epoch seconds, as the store's and the graph's clock: read once per document for both. */
    private readonly clock: () => number,
  ) {}

  /** One UDP datagram: header line plus document. */
  receiveDatagram(datagram: Buffer): IngestOutcome {
    return this.accept(parseDatagram(datagram));
  }

  /** One PutTraceSegments entry: the document's JSON text, under the same 64 KB limit as a datagram. */
  receiveDocument(json: string): IngestOutcome {
    return this.accept(exceedsDocumentLimit(json) ? { ok: false, reason: 'too_large' } : parseSegmentJson(json));
  }

  /**
   * A document already checked by prepareSegmentObject (OTLP spans translated here): counted,
   * stored and logged like the others. Checking is separate so a caller can try another shape
   * (one document per span) before a refusal is counted.
   */
  receivePrepared(prepared: ParseResult): IngestOutcome {
    return this.accept(prepared);
  }

  /**
   * A document read back from the segment log at start. It is stored and fed to the graph, which
   * starts empty, so each logged document counts once; it is not logged again (that would double
   * the log on every restart). Documents past retention are dropped before the graph sees them.
   */
  replay(document: TraceDocument, json: string): void {
    this.replayed++;
    this.keep(document, json);
  }

  counters(): IngestCounters {
    const { traces, segments, evictedByCount, evictedByAge } = this.store.counters();
    return {
      received: this.received,
      accepted: this.verdicts.acceptedCount,
      rejected: this.verdicts.rejectedCount,
      rejectedByReason: this.verdicts.snapshot(),
      expired: this.expired,
      replayed: this.replayed,
      evicted: { byCount: evictedByCount, byAge: evictedByAge },
      stored: { traces, segments },
    };
  }

  private accept(parsed: ParseResult): IngestOutcome {
    this.received++;
    if (!parsed.ok) {
      this.verdicts.recordRejected(parsed.reason);
      return parsed;
    }
    const stored = this.keep(parsed.document, parsed.json);
    if (stored === 'expired') this.expired++;
    else this.verdicts.recordAccepted();
    // A datagram's text is decoded only here, when a segment log keeps it.
    if ((stored === 'added' || stored === 'replaced') && this.log !== undefined)
      this.log.append(documentTextString(parsed.json));
    return { ok: true, stored };
  }

  private keep(document: TraceDocument, json: DocumentText): StoreOutcome {
    // Records of one trace share the stored trace's id string instead of one copy each.
    const record = toSegmentRecord(document, json, this.store.get(document.trace_id)?.id);
    const now = this.clock();
    const stored = this.store.add(record, now);
    // 'ignored' is a stale in-progress copy of a completed document: nothing new to count.
    if (stored === 'added' || stored === 'replaced') this.graph.ingest(record, now);
    return stored;
  }
}
