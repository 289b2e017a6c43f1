import type { CallSite, SegmentRecord } from '../store/segment-record';
import type { StoredTrace } from '../store/stored-trace';

/** Streamed subsegments can chain; a bound keeps a malicious parent_id cycle from looping. */
const MAX_OWNER_HOPS = 64;

/**
 * Up to this many records, lookups scan the record list: most traces hold a handful, and a scan
 * allocates nothing, where a Map and a Set per trace were ~3 µs of a `service()`/`edge()` filter
 * scan (docs/benchmarks-history.md, Daemon queries). Larger traces get them, so linking stays linear.
 */
const SCAN_LIMIT = 16;

/**
 * Lookups by id among one trace's records, for linking its calls. Hot in full filter scans,
 * where the cost is memory reads, not instructions: loops are indexed (for-of over record and
 * call-site lists measured ~30% slower) and ids are compared only when a caller needs a link.
 */
export class TraceIndex {
  /** `trace.segments`. */
  readonly records: readonly SegmentRecord[];
  /** First segment per parent id; only for large traces. */
  private readonly children: Map<string, SegmentRecord> | undefined;
  /** Ids of calling subsegments that have a caller; only for large traces. */
  private readonly called: Set<string> | undefined;

  constructor(readonly trace: StoredTrace) {
    const records = trace.segments;
    this.records = records;
    if (records.length <= SCAN_LIMIT) return;
    const children = new Map<string, SegmentRecord>();
    const called = new Set<string>();
    for (const r of records) {
      const parentId = r.parentId;
      if (r.kind === 'segment' && parentId !== undefined && !children.has(parentId)) children.set(parentId, r);
      if (r.callSites.length > 0 && this.callerOf(r) !== undefined) for (const site of r.callSites) called.add(site.id);
    }
    this.children = children;
    this.called = called;
  }

  /** The segment of the service that owns the (sub)segment `id`. */
  ownerOf(id: string, hops = 0): SegmentRecord | undefined {
    if (hops > MAX_OWNER_HOPS) return undefined;
    const records = this.records;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (!r.hasId(id) && !r.hasSubsegmentId(id)) continue;
      if (r.kind === 'segment') return r;
      const parentId = r.parentId;
      return parentId === undefined ? undefined : this.ownerOf(parentId, hops + 1);
    }
    return undefined;
  }

  /** The segment a record's call sites call from; undefined for a streamed subsegment whose owner is unknown. */
  callerOf(r: SegmentRecord): SegmentRecord | undefined {
    if (r.kind === 'segment') return r;
    const parentId = r.parentId;
    return parentId === undefined ? undefined : this.ownerOf(parentId);
  }

  /** The first segment whose parent is `id`: a second downstream for one call (a retry) is not linked. */
  childOf(id: string): SegmentRecord | undefined {
    if (this.children !== undefined) return this.children.get(id);
    const records = this.records;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (r.hasParentId(id) && r.kind === 'segment') return r;
    }
    return undefined;
  }

  /** Whether the call from `site`, a call site of `record`, is to an inferred node: it has a caller and no downstream segment. */
  isInferred(record: SegmentRecord, site: CallSite): boolean {
    return this.childOf(site.id) === undefined && this.callerOf(record) !== undefined;
  }

  /** Whether a calling subsegment with this id has a caller (so its downstream segment is linked from it). */
  isCalled(id: string): boolean {
    if (this.called !== undefined) return this.called.has(id);
    const records = this.records;
    for (let i = 0; i < records.length; i++) {
      const sites = records[i].callSites;
      for (let j = 0; j < sites.length; j++)
        if (sites[j].hasId(id) && this.callerOf(records[i]) !== undefined) return true;
    }
    return false;
  }
}
