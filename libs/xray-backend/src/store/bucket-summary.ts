import type { NodeTest, SummarizedFlag } from '../filter/bucket-view';
import { inferredTypeOf } from './inferred-type';
import type { OutcomeFlags } from '@cruddur/xray-contracts';
import { responseTime } from './response-time';
import type { CallSite, SegmentRecord } from './segment-record';

/** The bit of a flag's `true`; the bit of its `false` is the next one up. */
const TRUE_BIT: Readonly<Record<SummarizedFlag, number>> = {
  ok: 1,
  error: 4,
  throttle: 16,
  fault: 64,
  root: 256,
  inferred: 1024,
};
const ROOT = TRUE_BIT.root;
const NOT_ROOT = ROOT << 1;
const INFERRED = TRUE_BIT.inferred;
const NOT_INFERRED = INFERRED << 1;

function outcomeBits({ error, throttle, fault }: OutcomeFlags): number {
  return (!error && !fault ? 1 : 2) | (error ? 4 : 8) | (throttle ? 16 : 32) | (fault ? 64 : 128);
}

// What an entry stands for.
const SERVICE = 0;
/** A segment with a parent: a callee, or a call itself (when its parent is no call site). */
const CHILD = 1;
/** Calls from call sites of one caller to the node they may infer. */
const CALLS = 2;
/** Calls from call sites of streamed subsegments, whose caller is unknown at ingest: any. */
const CALLS_FROM_ANY = 3;

/**
 * One (kind, name, type) of a bucket with the flag values its services or calls had; their
 * response-time and status ranges are in the summary's `ranges`, 4 numbers at 4 x its index.
 */
class Entry {
  flags = 0;
  constructor(
    readonly kind: number,
    /** The service, or the caller ('' for CALLS_FROM_ANY). */
    readonly name: string,
    readonly type: string | undefined,
    /** For calls, the node they infer when no downstream segment answers them; '' otherwise. */
    readonly calleeName: string,
    readonly calleeType: string | undefined,
  ) {}
}

/**
 * What some services or calls were, united: every value each boolean keyword took, and the range
 * of their response times and HTTP statuses (of those that have one; empty: min > max). A cursor
 * over a summary's entries, handed to tests, which must not keep it.
 */
export class SubjectFacts {
  flags = 0;
  /** Index of the entry's first number in `ranges`. */
  at = 0;

  constructor(private readonly ranges: readonly number[]) {}

  /** Whether some of them had `flag` equal to `value`. */
  had(flag: SummarizedFlag, value: boolean): boolean {
    return (this.flags & (value ? TRUE_BIT[flag] : TRUE_BIT[flag] << 1)) !== 0;
  }

  get minResponseTime(): number {
    return this.ranges[this.at];
  }

  get maxResponseTime(): number {
    return this.ranges[this.at + 1];
  }

  get minStatus(): number {
    return this.ranges[this.at + 2];
  }

  get maxStatus(): number {
    return this.ranges[this.at + 3];
  }
}

/**
 * Entries a bucket keeps before it gives up and says "anything" (every test may match): bounds a
 * summary at a few KB whatever the traces hold.
 */
const MAX_ENTRIES = 64;

/**
 * What the traces of one time bucket may contain, for skipping whole buckets in a filter scan
 * (see filter/compile-bucket-test.ts): an over-approximation that only grows while the bucket
 * lives. Records add their facts as they arrive; a replaced or evicted record's facts stay (still
 * sound: a test only says "may match" more often). Calls are not linked at ingest (a downstream
 * segment often arrives before the call that names it), so an edge's callee is the node its call
 * site would infer or any segment with a parent, and a streamed subsegment's calls have any caller.
 *
 * Memory: one flat list of entries searched linearly (a bucket holds a dozen with the bench's
 * traces) and their ranges as unboxed doubles in one array: ~1.5 KB a bucket. Maps and a facts
 * object per entry were ~4.7 KB, ~100 MB at 6 hours of one-second buckets.
 */
export class BucketSummary {
  private readonly entries: Entry[] = [];
  /** Per entry: min and max response time, min and max HTTP status. */
  private readonly ranges: number[] = [];
  /** Past {@link MAX_ENTRIES}: the lists are emptied and every test may match. */
  private saturated = false;

  add(record: SegmentRecord): void {
    if (this.saturated) return;
    const caller = record.kind === 'segment' ? record : undefined;
    if (caller !== undefined) {
      const hasParent = caller.hasParent;
      // Several parentless segments: only the earliest is the root.
      this.note(
        SERVICE,
        caller.name,
        caller.origin,
        '',
        undefined,
        caller,
        NOT_INFERRED | NOT_ROOT | (hasParent ? 0 : ROOT),
      );
      if (hasParent) this.note(CHILD, caller.name, caller.origin, '', undefined, caller, NOT_INFERRED | NOT_ROOT);
    }
    const sites = record.callSites;
    for (let i = 0; i < sites.length; i++) {
      const site = sites[i];
      const type = inferredTypeOf(site);
      this.note(SERVICE, site.name, type, '', undefined, site, INFERRED | NOT_ROOT);
      // Inferred unless a downstream segment answers it, which is not known yet.
      if (caller === undefined)
        this.note(CALLS_FROM_ANY, '', undefined, site.name, type, site, INFERRED | NOT_INFERRED | NOT_ROOT);
      else this.note(CALLS, caller.name, caller.origin, site.name, type, site, INFERRED | NOT_INFERRED | NOT_ROOT);
    }
  }

  /** Whether some service `matches` accepts may have satisfied `test`. */
  someService(matches: NodeTest, test: (facts: SubjectFacts) => boolean): boolean {
    return this.saturated || this.some(SERVICE, matches, test);
  }

  /** Whether some call from a node `source` accepts to one `destination` accepts may have satisfied `test`. */
  someEdge(source: NodeTest, destination: NodeTest, test: (facts: SubjectFacts) => boolean): boolean {
    if (this.saturated) return true;
    const entries = this.entries;
    const facts = new SubjectFacts(this.ranges);
    let downstream: boolean | undefined;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry.kind === CALLS ? !source(entry.name, entry.type) : entry.kind !== CALLS_FROM_ANY) continue;
      facts.flags = entry.flags;
      facts.at = 4 * i;
      if (!test(facts)) continue;
      if (destination(entry.calleeName, entry.calleeType)) return true;
      if ((downstream ??= this.some(CHILD, destination, () => true))) return true;
    }
    // A call described by a downstream segment whose parent is no call site: from the parent's owner.
    return this.some(CHILD, destination, test) && this.some(SERVICE, source, () => true);
  }

  private some(kind: number, matches: NodeTest, test: (facts: SubjectFacts) => boolean): boolean {
    const entries = this.entries;
    const facts = new SubjectFacts(this.ranges);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry.kind !== kind || !matches(entry.name, entry.type)) continue;
      facts.flags = entry.flags;
      facts.at = 4 * i;
      if (test(facts)) return true;
    }
    return false;
  }

  /** Adds a segment's or call site's facts to its entry, made if new. */
  private note(
    kind: number,
    name: string,
    type: string | undefined,
    calleeName: string,
    calleeType: string | undefined,
    facts: SegmentRecord | CallSite,
    kindBits: number,
  ): void {
    if (this.saturated) return;
    const entries = this.entries;
    let i = 0;
    while (i < entries.length) {
      const e = entries[i];
      if (
        e.kind === kind &&
        e.name === name &&
        e.type === type &&
        e.calleeName === calleeName &&
        e.calleeType === calleeType
      )
        break;
      i++;
    }
    if (i === entries.length) {
      if (i === MAX_ENTRIES) {
        this.saturated = true;
        entries.length = 0;
        this.ranges.length = 0;
        return;
      }
      entries.push(new Entry(kind, name, type, calleeName, calleeType));
      this.ranges.push(Infinity, -Infinity, Infinity, -Infinity);
    }
    entries[i].flags |= outcomeBits(facts) | kindBits;
    const time = responseTime(facts.startTime, facts.endTime);
    if (time !== undefined) this.widen(4 * i, time);
    const status = facts.responseStatus;
    if (status !== undefined) this.widen(4 * i + 2, status);
  }

  private widen(at: number, value: number): void {
    const ranges = this.ranges;
    if (value < ranges[at]) ranges[at] = value;
    if (value > ranges[at + 1]) ranges[at + 1] = value;
  }
}
