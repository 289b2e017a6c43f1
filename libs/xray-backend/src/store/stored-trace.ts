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
      if (this.records.length < 16)
        this.records = this.records.concat(record); // concat is exact-size; spread is not (19 slots)
      else this.records.push(record);
      outcome = 'added';
    } else {
      if (record.inProgress && !this.records[index].inProgress) return 'ignored';
      this.records[index] = record;
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
