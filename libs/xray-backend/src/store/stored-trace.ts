import type { SegmentRecord } from './segment-record';

/** One trace: its documents (segments and streamed subsegments) in arrival order, replaced by id. */
export class StoredTrace {
  private records: SegmentRecord[] = [];
  /** Earliest start_time of any document: the trace's position in the time index. */
  startTime = Number.POSITIVE_INFINITY;
  /** Latest end_time of any completed document (start time while nothing has completed). */
  endTime = Number.NEGATIVE_INFINITY;
  /** Ingest clock (epoch seconds) of the last accepted document: drives partial-trace grace periods. */
  lastUpdated = 0;
  /** Bumped on every change, reported as TraceSummary.Revision. */
  revision = 0;
  /** The trace's slot in its time-index bucket (trace-time-index.ts); -1 while in none. */
  timeSlot = -1;

  constructor(readonly id: string) {}

  get segments(): readonly SegmentRecord[] {
    return this.records;
  }

  /**
   * Adds or replaces the document with the record's id. A completed document replaces anything;
   * an in-progress one only replaces another in-progress one (a late in-progress copy must not
   * undo the completed segment), which is reported as 'ignored'.
   */
  put(record: SegmentRecord, now: number): 'added' | 'replaced' | 'ignored' {
    const records = this.records;
    let index = records.length - 1;
    while (index >= 0 && !records[index].sameDocument(record)) index--;
    let outcome: 'added' | 'replaced';
    if (index < 0) {
      // Memory: push() on a small array leaves it with 17 slots; most traces hold a handful of
      // documents, so small lists are copied at their exact size instead (~100 B per trace).
      if (records.length < 16) this.records = withRecord(records, record);
      else records.push(record);
      outcome = 'added';
    } else {
      if (record.inProgress && !records[index].inProgress) return 'ignored';
      records[index] = record;
      outcome = 'replaced';
    }
    if (record.startTime < this.startTime) this.startTime = record.startTime;
    const end = record.endTime ?? record.startTime;
    if (end > this.endTime) this.endTime = end;
    this.lastUpdated = now;
    this.revision++;
    return outcome;
  }
}

/**
 * A copy of `records` with `record` appended, exactly as long as that: concat() is exact-size too,
 * but it asks every argument for Symbol.isConcatSpreadable (a lookup that misses along a record's
 * prototype chain), ~1.4% of ingest CPU.
 */
function withRecord(records: readonly SegmentRecord[], record: SegmentRecord): SegmentRecord[] {
  const n = records.length;
  const copy = new Array<SegmentRecord>(n + 1);
  for (let i = 0; i < n; i++) copy[i] = records[i];
  copy[n] = record;
  return copy;
}
