import type { NestedSubsegment, TraceDocument } from '@cruddur/xray-contracts';
import { toSegmentRecord, type SegmentRecord } from '../store/segment-record';
import { IdStates } from './id-states';

const TRACE = '1-5f84c7a5-000000000000000000000001';

function rec(id: string, subsegmentIds: readonly string[] = [], parentId?: string): SegmentRecord {
  const subsegments: NestedSubsegment[] = subsegmentIds.map((sub) => ({
    name: 'call',
    id: sub,
    namespace: 'remote',
    start_time: 1000,
    end_time: 1001,
  }));
  const doc = {
    name: 'svc',
    id,
    trace_id: TRACE,
    start_time: 1000,
    end_time: 1001,
    ...(parentId === undefined ? {} : { parent_id: parentId }),
    ...(subsegments.length === 0 ? {} : { subsegments }),
  } as TraceDocument;
  return toSegmentRecord(doc, JSON.stringify(doc));
}

/** `count` distinct 16-hex-digit ids, spread over both words (high bits set in some). */
function hexIds(count: number): string[] {
  return Array.from({ length: count }, (_, n) =>
    ((n * 0x9e3779b1) >>> 0).toString(16).padStart(8, 'f').concat(n.toString(16).padStart(8, '0')),
  );
}

describe('IdStates', () => {
  it('gives one state per id, whichever way the id is reached', () => {
    const ids = new IdStates();
    const gateway = rec('a000000000000001', ['b000000000000001', 'b000000000000002']);
    const downstream = rec('c000000000000001', [], 'b000000000000001');
    const own = ids.ofDocument(gateway);
    const call = ids.ofSubsegment(gateway, 0);
    expect(ids.ofDocument(gateway)).toBe(own);
    expect(ids.ofParent(downstream)).toBe(call);
    expect(ids.ofSubsegment(gateway, 1)).not.toBe(call);
    expect(ids.ofDocument(downstream)).not.toBe(own);
    expect(gateway.callSites).toHaveLength(2);
    expect(ids.ofCall(gateway.callSites[0])).toBe(call);
    expect(ids.ofCall(gateway.callSites[1])).toBe(ids.ofSubsegment(gateway, 1));
  });

  it('keeps every state as the table grows well past its first size', () => {
    const ids = new IdStates();
    const all = hexIds(1000);
    const record = rec('ffffffffffffffff', all);
    const states = all.map((_, n) => ids.ofSubsegment(record, n));
    expect(new Set(states).size).toBe(1000);
    all.forEach((_, n) => expect(ids.ofSubsegment(record, n)).toBe(states[n]));
    expect(ids.ofDocument(record)).not.toBe(states[0]);
  });

  it('tells apart ids that share a word', () => {
    const ids = new IdStates();
    const a = rec('0000000100000002');
    const b = rec('0000000200000002');
    const c = rec('0000000100000001');
    const states = [a, b, c].map((record) => ids.ofDocument(record));
    expect(new Set(states).size).toBe(3);
  });

  it('keys ids that are not 16 hex digits by their string, apart from packed ones', () => {
    const ids = new IdStates();
    const loose = rec('gw', ['call-1']);
    const looseChild = rec('svc-2', [], 'call-1');
    expect(ids.ofParent(looseChild)).toBe(ids.ofSubsegment(loose, 0));
    expect(ids.ofDocument(loose)).toBe(ids.ofDocument(rec('gw')));
    // A record without a parent reads as the empty id.
    expect(ids.ofParent(loose)).toBe(ids.ofParent(rec('a000000000000001')));
  });

  it('lists the counted ids, packed and loose', () => {
    const ids = new IdStates();
    const packed = hexIds(30).map((id) => rec(id));
    packed.forEach((record, n) => (ids.ofDocument(record).counted = n % 3 === 0));
    ids.ofDocument(rec('loose-id-0000001')).counted = true;
    ids.ofDocument(rec('loose-id-0000002'));
    const listed = ids.countedIds().match(/.{16}/g) ?? [];
    const expected = [...packed.filter((_, n) => n % 3 === 0).map((r) => r.id), 'loose-id-0000001'];
    expect(listed.sort()).toEqual(expected.sort());
  });
});
