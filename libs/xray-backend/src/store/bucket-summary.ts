import { inferredTypeOf } from './inferred-type';
import type { Outcome } from './outcome';
import { responseTime } from './response-time';
import type { SegmentRecord } from './segment-record';

/** The boolean keywords a summary keeps, with each value they took. */
export type SummarizedFlag = 'ok' | 'error' | 'throttle' | 'fault' | 'root' | 'inferred';

/** The bit of a flag's `true`; the bit of its `false` is the next one up. */
const TRUE_BIT: Readonly<Record<SummarizedFlag, number>> = { ok: 1, error: 4, throttle: 16, fault: 64, root: 256, inferred: 1024 };
const ROOT = TRUE_BIT.root;
const NOT_ROOT = ROOT << 1;
const INFERRED = TRUE_BIT.inferred;
const NOT_INFERRED = INFERRED << 1;

function outcomeBits({ error, throttle, fault }: Outcome): number {
  return (!error && !fault ? 1 : 2) | (error ? 4 : 8) | (throttle ? 16 : 32) | (fault ? 64 : 128);
}

/** A name is accepted as a node of the expression (`service(..)`, `edge(..)`) or not. */
export type NodeTest = (name: string, type: string | undefined) => boolean;

/**
 * What some services or calls were, united: every value each boolean keyword took, and the range
 * of their response times and HTTP statuses (empty: min > max). Only grows.
 */
export class SubjectFacts {
  private flags = 0;
  private responseTimes = [Infinity, -Infinity];
  private statuses = [Infinity, -Infinity];

  /** Whether some of them had `flag` equal to `value`. */
  had(flag: SummarizedFlag, value: boolean): boolean {
    return (this.flags & (value ? TRUE_BIT[flag] : TRUE_BIT[flag] << 1)) !== 0;
  }

  get minResponseTime(): number {
    return this.responseTimes[0];
  }

  get maxResponseTime(): number {
    return this.responseTimes[1];
  }

  get minStatus(): number {
    return this.statuses[0];
  }

  get maxStatus(): number {
    return this.statuses[1];
  }

  /** Adds a segment or call site; `kindBits` are the `root`/`inferred` values it may have. */
  add(facts: Outcome & Pick<SegmentRecord, 'startTime' | 'endTime' | 'http'>, kindBits: number): void {
    this.flags |= outcomeBits(facts) | kindBits;
    const time = responseTime(facts.startTime, facts.endTime);
    if (time !== undefined) widen(this.responseTimes, time);
    const status = facts.http?.response?.status;
    if (status !== undefined) widen(this.statuses, status);
  }
}

function widen(range: number[], value: number): void {
  if (value < range[0]) range[0] = value;
  if (value > range[1]) range[1] = value;
}

/** Facts of the nodes (or calls) of one name and type. */
interface Typed {
  readonly type: string | undefined;
  readonly facts: SubjectFacts;
}

/** Facts of the calls from one caller type to one callee name and type (the node they infer without a downstream segment). */
interface Calls extends Typed {
  readonly calleeName: string;
  readonly calleeType: string;
}

/**
 * Distinct names and types a bucket keeps before it gives up and says "anything" (every test
 * may match): bounds a summary at a few KB whatever the traces hold.
 */
const MAX_ENTRIES = 64;

/**
 * What the traces of one time bucket may contain, for skipping whole buckets in a filter scan
 * (see filter/compile-bucket-test.ts): an over-approximation that only grows while the bucket
 * lives. Records add their facts as they arrive; a replaced or evicted record's facts stay (still
 * sound: a test only says "may match" more often). Calls are not linked at ingest (a downstream
 * segment often arrives before the call that names it), so an edge's callee is the node its call
 * site would infer or any segment with a parent, and a streamed subsegment's calls have any caller.
 */
export class BucketSummary {
  /** Segments by (name, origin), and call sites as the nodes they may infer, by (name, inferred type). */
  private readonly services = new Map<string, Typed[]>();
  /** Segments with a parent, by (name, origin): callees of calls, or the calls themselves (segment-described). */
  private readonly children = new Map<string, Typed[]>();
  /** Call sites by their caller's name (undefined: a streamed subsegment's, caller unknown at ingest). */
  private readonly calls = new Map<string | undefined, Calls[]>();
  private entries = 0;
  /** Past {@link MAX_ENTRIES}: the maps are emptied and every test may match. */
  private saturated = false;

  add(record: SegmentRecord): void {
    if (this.saturated) return;
    const caller = record.kind === 'segment' ? record : undefined;
    if (caller !== undefined) {
      const hasParent = caller.parentId !== undefined;
      // Several parentless segments: only the earliest is the root.
      this.typed(this.services, caller.name, caller.origin)?.add(caller, NOT_INFERRED | NOT_ROOT | (hasParent ? 0 : ROOT));
      if (hasParent) this.typed(this.children, caller.name, caller.origin)?.add(caller, NOT_INFERRED | NOT_ROOT);
    }
    const sites = record.callSites;
    for (let i = 0; i < sites.length; i++) {
      const site = sites[i];
      const type = inferredTypeOf(site);
      this.typed(this.services, site.name, type)?.add(site, INFERRED | NOT_ROOT);
      // Inferred unless a downstream segment answers it, which is not known yet.
      this.callsOf(caller?.name, caller?.origin, site.name, type)?.add(site, INFERRED | NOT_INFERRED | NOT_ROOT);
    }
  }

  /** Whether some service `matches` accepts may have satisfied `test`. */
  someService(matches: NodeTest, test: (facts: SubjectFacts) => boolean): boolean {
    return this.saturated || some(this.services, matches, test);
  }

  /** Whether some call from a node `source` accepts to one `destination` accepts may have satisfied `test`. */
  someEdge(source: NodeTest, destination: NodeTest, test: (facts: SubjectFacts) => boolean): boolean {
    if (this.saturated) return true;
    let downstream: boolean | undefined;
    for (const [callerName, calls] of this.calls) {
      for (const call of calls) {
        if (callerName !== undefined && !source(callerName, call.type)) continue;
        if (!test(call.facts)) continue;
        if (destination(call.calleeName, call.calleeType)) return true;
        if ((downstream ??= some(this.children, destination, () => true))) return true;
      }
    }
    // A call described by a downstream segment whose parent is no call site: from the parent's owner.
    return some(this.children, destination, test) && some(this.services, source, () => true);
  }

  /** The facts of (name, type) in `map`, made if new; undefined once saturated. */
  private typed(map: Map<string, Typed[]>, name: string, type: string | undefined): SubjectFacts | undefined {
    if (this.saturated) return undefined;
    let list = map.get(name);
    if (list === undefined) map.set(name, (list = []));
    for (const entry of list) if (entry.type === type) return entry.facts;
    const facts = new SubjectFacts();
    list.push({ type, facts });
    return this.count() ? facts : undefined;
  }

  /** The facts of calls from (name, type) to a node (name, type), made if new; undefined once saturated. */
  private callsOf(callerName: string | undefined, callerType: string | undefined, calleeName: string, calleeType: string): SubjectFacts | undefined {
    if (this.saturated) return undefined;
    let list = this.calls.get(callerName);
    if (list === undefined) this.calls.set(callerName, (list = []));
    for (const entry of list) if (entry.type === callerType && entry.calleeName === calleeName && entry.calleeType === calleeType) return entry.facts;
    const entry: Calls = { type: callerType, calleeName, calleeType, facts: new SubjectFacts() };
    list.push(entry);
    return this.count() ? entry.facts : undefined;
  }

  /** Counts a new entry; false when that saturates the summary. */
  private count(): boolean {
    if (++this.entries <= MAX_ENTRIES) return true;
    this.saturated = true;
    this.services.clear();
    this.children.clear();
    this.calls.clear();
    return false;
  }
}

function some(map: ReadonlyMap<string, readonly Typed[]>, matches: NodeTest, test: (facts: SubjectFacts) => boolean): boolean {
  for (const [name, list] of map) for (const entry of list) if (matches(name, entry.type) && test(entry.facts)) return true;
  return false;
}
