import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Annotations, TraceDocument } from '@cruddur/xray-contracts';
import { defined } from '@cruddur/test-kit';
import { toSegmentRecord, type SegmentRecord } from './segment-record';
import { TraceStore } from './trace-store';

const T1 = '1-5f84c7a5-000000000000000000000001';
const T2 = '1-5f84c7a5-000000000000000000000002';

function record(doc: Partial<TraceDocument> & { id: string }, traceId = T1): SegmentRecord {
  const full = { name: 'svc', trace_id: traceId, start_time: 1000, end_time: 1001, ...doc } as TraceDocument;
  return toSegmentRecord(full, JSON.stringify(full));
}

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('toSegmentRecord', () => {
  it('keeps the read HTTP fields and flags of the flat record exactly', () => {
    const cases: [Partial<TraceDocument>, object | undefined][] = [
      [{}, undefined],
      [{ http: {} }, {}],
      [{ http: { response: {} } }, { response: {} }],
      [
        {
          http: {
            request: {
              url: 'http://x/a',
              method: 'GET',
              user_agent: 'curl',
              client_ip: '10.0.0.1',
              x_forwarded_for: true,
            },
            response: { status: 404, content_length: 3 },
          },
        },
        {
          request: { url: 'http://x/a', method: 'GET', user_agent: 'curl', client_ip: '10.0.0.1' },
          response: { status: 404 },
        },
      ],
      [{ http: { response: { status: 200.5 } } }, { response: { status: 200.5 } }],
    ];
    for (const [doc, http] of cases) {
      const r = record({ id: 'aaaaaaaaaaaaaaaa', ...doc });
      expect(r.http).toEqual(http);
      expect(r.responseStatus).toBe(r.http?.response?.status);
    }
    const open = record({
      id: 'aaaaaaaaaaaaaaaa',
      type: 'subsegment',
      parent_id: 'bbbbbbbbbbbbbbbb',
      end_time: undefined,
      in_progress: true,
      namespace: 'remote',
      http: { request: { traced: false } },
    } as Partial<TraceDocument> & { id: string });
    expect([
      open.kind,
      open.inProgress,
      open.endTime,
      open.callSites[0].traced,
      open.callSites[0].http?.request?.traced,
    ]).toEqual(['subsegment', true, undefined, false, false]);
  });

  it('shares identical annotation sets and keeps different ones apart', () => {
    const a = record({ id: 'aaaaaaaaaaaaaaaa', annotations: { route: '/x', n: 1 } });
    const b = record({ id: 'bbbbbbbbbbbbbbbb', annotations: { route: '/x', n: 1 } });
    const c = record({ id: 'cccccccccccccccc', annotations: { route: '/x', n: '1' } });
    const tricky = record({ id: 'dddddddddddddddd', annotations: { a: 'x1:bs1:y' } });
    const plain = record({ id: 'eeeeeeeeeeeeeeee', annotations: { a: 'x', b: 'y' } });
    expect(a.annotations).toBe(b.annotations);
    expect(c.annotations).toEqual({ route: '/x', n: '1' });
    expect([tricky.annotations, plain.annotations]).toEqual([{ a: 'x1:bs1:y' }, { a: 'x', b: 'y' }]);
    // Same values in another key order, a subset, a superset, true against 1: each keeps its own.
    const cases: Annotations[] = [
      { n: 1, route: '/x' },
      { route: '/x' },
      { route: '/x', n: 1, extra: false },
      { route: '/x', n: true },
      { route: '/x', n: 1.5 },
    ];
    for (const [i, annotations] of cases.entries()) {
      const other = record({ id: `f${i}`.padEnd(16, 'f'), annotations });
      expect(other.annotations).not.toBe(a.annotations);
      expect(Object.entries(other.annotations ?? {})).toEqual(Object.entries(annotations));
    }
  });

  it('shares annotation sets within its bound and still gives every set back exactly', () => {
    // Past the bound the table starts over; sets too long to share are copied.
    const long = { text: 'z'.repeat(2000) };
    expect(record({ id: 'aaaaaaaaaaaaaaaa', annotations: long }).annotations).toEqual(long);
    for (let i = 0; i < 25_000; i++) {
      const annotations = { route: `/r/${i % 21_000}`, n: i % 7, ok: i % 2 === 0 };
      const r = record({ id: 'aaaaaaaaaaaaaaaa', annotations });
      expect(Object.entries(r.annotations ?? {})).toEqual(Object.entries(annotations));
    }
    const first = record({ id: 'aaaaaaaaaaaaaaaa', annotations: { route: '/shared', n: 0 } }).annotations;
    expect(record({ id: 'bbbbbbbbbbbbbbbb', annotations: { route: '/shared', n: -0 } }).annotations).toBe(first);
  });

  it('extracts call sites, nested ids, merged annotations and outcome', () => {
    const r = record({
      id: 'aaaaaaaaaaaaaaaa',
      annotations: { a: 1 },
      http: { response: { status: 429 } },
      subsegments: [
        {
          name: 'local',
          id: 'bbbbbbbbbbbbbbbb',
          start_time: 1000,
          end_time: 1000.5,
          annotations: { b: 'x' },
          subsegments: [
            {
              name: 'dynamo',
              id: 'cccccccccccccccc',
              namespace: 'aws',
              start_time: 1000.1,
              end_time: 1000.2,
              fault: true,
            },
          ],
        },
        {
          name: 'api.example.com',
          id: 'dddddddddddddddd',
          start_time: 1000,
          end_time: 1000.3,
          http: { request: { url: 'http://api.example.com/', traced: true }, response: { status: 404 } },
        },
      ],
    });
    expect(r).toMatchObject({
      error: true,
      throttle: true,
      fault: false,
      kind: 'segment',
      annotations: { a: 1, b: 'x' },
    });
    expect(r.callSites.map((c) => [c.name, c.fault, c.error, c.traced])).toEqual([
      ['dynamo', true, false, false],
      ['api.example.com', false, true, true],
    ]);
    expect(r.callSites.map((c) => c.responseStatus)).toEqual([undefined, 404]);
    expect(r.hasSubsegmentId('cccccccccccccccc')).toBe(true);
    expect(r.hasSubsegmentId('aaaaaaaaaaaaaaaa')).toBe(false);
    // Ids straddling two packed ids must not match.
    expect(r.hasSubsegmentId('bbbbbbbbcccccccc')).toBe(false);
  });

  it('serves the document text exactly as sent and the times exactly as parsed', () => {
    const doc = {
      name: 'café ✓',
      id: 'aaaaaaaaaaaaaaaa',
      trace_id: T1,
      start_time: 1_700_000_000.123456,
      end_time: 1_700_000_000.1234567,
      annotations: { who: '日本語 🚀' },
      subsegments: [
        { name: 'db', id: 'bbbbbbbbbbbbbbbb', namespace: 'remote', start_time: 0.1 + 0.2, in_progress: true },
      ],
    } as TraceDocument;
    // Spacing, key order and a raw lone surrogate (possible in a PutTraceSegments string) survive.
    const texts = [
      JSON.stringify(doc),
      JSON.stringify(doc, null, 2),
      JSON.stringify(doc).replace('café', 'caf\\u00e9'),
      JSON.stringify(doc).replace('café', 'caf\ud800 \udfff'),
    ];
    for (const json of texts) {
      const r = toSegmentRecord(doc, json);
      expect(r.json).toBe(json);
      expect(r.json).toBe(json); // read twice: decoding does not consume anything
      expect([r.startTime, r.endTime, r.callSites[0].startTime, r.callSites[0].endTime]).toEqual([
        1_700_000_000.123456,
        1_700_000_000.1234567,
        0.1 + 0.2,
        undefined,
      ]);
    }
  });

  it('gives its ids back from the slab, across sealed slabs, and compares them without strings', () => {
    const id = (n: number) => n.toString(16).padStart(16, 'f');
    const subId = (n: number, k: number) => (4 * n + k).toString(16).padStart(16, 'e');
    const records = Array.from({ length: 3000 }, (_, n) =>
      record({
        id: id(3 * n),
        parent_id: n % 2 === 0 ? id(3 * n + 1) : undefined,
        // Text beside the ids: 3,000 documents fill several slabs, the first sealed and compressed.
        metadata: { pad: 'x'.repeat(300) },
        subsegments: Array.from({ length: n % 4 }, (_, k) => ({
          name: 'db',
          id: subId(n, k),
          namespace: 'remote',
          start_time: 1000,
          end_time: 1001,
        })),
      }),
    );
    records.forEach((r, n) => {
      expect([r.id, r.parentId, r.subsegmentCount]).toEqual([
        id(3 * n),
        n % 2 === 0 ? id(3 * n + 1) : undefined,
        n % 4,
      ]);
      for (let k = 0; k < n % 4; k++) {
        const sub = subId(n, k);
        expect(r.subsegmentId(k)).toBe(sub);
        expect(r.hasSubsegmentId(sub)).toBe(true);
        expect(r.callSites[k].id).toBe(sub);
        expect(r.callSites[k].hasId(sub)).toBe(true);
        expect(r.callSites[k].hasId(id(3 * n))).toBe(false);
      }
      expect(r.hasId(id(3 * n))).toBe(true);
      expect(r.hasId(id(3 * n + 1))).toBe(false);
      expect(r.hasParentId(id(3 * n + 1))).toBe(n % 2 === 0);
      expect(r.hasParent).toBe(n % 2 === 0);
      expect(r.hasSubsegmentId(id(3 * n))).toBe(false);
      expect(JSON.parse(r.json).id).toBe(id(3 * n));
    });
    expect(records[7].sameDocument(record({ id: id(21) }))).toBe(true);
    expect(records[7].sameDocument(records[8])).toBe(false);
  });

  it('keeps ids the validator would refuse as they are (records built by hand)', () => {
    const r = record({
      id: 'seg-A',
      parent_id: 'PARENT0000000000',
      subsegments: [{ name: 'db', id: 'call-1', namespace: 'remote', start_time: 1000, end_time: 1001 }],
    });
    expect([r.id, r.parentId, r.subsegmentCount, r.subsegmentId(0), r.callSites[0].id]).toEqual([
      'seg-A',
      'PARENT0000000000',
      1,
      'call-1',
      'call-1',
    ]);
    expect([r.hasId('seg-A'), r.hasParentId('PARENT0000000000'), r.hasSubsegmentId('call-1')]).toEqual([
      true,
      true,
      true,
    ]);
    expect(r.callSites[0].hasId('call-1')).toBe(true);
    expect([r.hasParent, record({ id: 'seg-B' }).hasParent]).toEqual([true, false]);
    expect(r.sameDocument(record({ id: 'seg-A' }))).toBe(true);
    expect(r.sameDocument(record({ id: 'aaaaaaaaaaaaaaaa' }))).toBe(false);
    expect(JSON.parse(r.json).id).toBe('seg-A');
  });
});

describe('TraceStore', () => {
  const now = 2000;
  const newStore = (maxTraces = 100, maxAgeSeconds = 3600) =>
    new TraceStore({ maxTraces, maxAgeSeconds, clock: () => now });

  it('assembles the same trace whatever the arrival order', () => {
    const docs = [
      record({ id: '0000000000000001', start_time: 1000, end_time: 1003 }),
      record({ id: '0000000000000002', parent_id: '00000000000000aa', start_time: 1000.5, end_time: 1001 }),
      record({
        id: '0000000000000003',
        type: 'subsegment',
        parent_id: '0000000000000001',
        start_time: 1000.2,
        end_time: 1000.4,
      } as Partial<TraceDocument> & { id: string }),
      record({ id: '0000000000000004', parent_id: '0000000000000003', start_time: 999.5, end_time: 1004 }),
    ];
    for (let seed = 1; seed <= 20; seed++) {
      const store = newStore();
      for (const r of shuffle(docs, seed)) expect(store.add(r)).toBe('added');
      const trace = defined(store.get(T1), `trace ${T1}`);
      expect(trace.segments.map((s) => s.id).sort()).toEqual(docs.map((d) => d.id));
      expect([trace.startTime, trace.endTime]).toEqual([999.5, 1004]);
      expect(store.counters()).toMatchObject({ traces: 1, segments: 4 });
    }
  });

  it('replaces an in-progress segment by the completed one, never the reverse', () => {
    const store = newStore();
    const open = record({ id: '0000000000000001', end_time: undefined, in_progress: true });
    const done = record({ id: '0000000000000001', end_time: 1005 });
    expect(store.add(open)).toBe('added');
    expect(store.add(done)).toBe('replaced');
    expect(store.add(open)).toBe('ignored');
    const trace = defined(store.get(T1), `trace ${T1}`);
    expect(trace.segments).toEqual([done]);
    expect(trace.endTime).toBe(1005);
    expect(store.counters().segments).toBe(1);
  });

  it('evicts the oldest traces beyond maxTraces and counts them', () => {
    const store = newStore(2);
    const ids = [1, 2, 3].map((n) => `1-5f84c7a5-00000000000000000000000${n}`);
    const evicted: string[] = [];
    store.onEvict((t) => evicted.push(t.id));
    store.add(record({ id: '0000000000000001', start_time: 1010 }, ids[0]));
    store.add(record({ id: '0000000000000002', start_time: 1000 }, ids[1]));
    store.add(record({ id: '0000000000000003', start_time: 1020 }, ids[2]));
    expect(evicted).toEqual([ids[1]]);
    expect(store.get(ids[1])).toBeUndefined();
    expect(store.counters()).toEqual({ traces: 2, segments: 2, evictedByCount: 1, evictedByAge: 0 });
  });

  it('finds a trace by id whatever was looked up, added or evicted just before', () => {
    const store = newStore(1);
    const [a, b] = [1, 2].map((n) => `1-5f84c7a5-00000000000000000000000${n}`);
    expect(store.get(a)).toBeUndefined();
    store.add(record({ id: '0000000000000001', start_time: 1000 }, a));
    const first = defined(store.get(a), 'trace a');
    expect(store.get(a)).toBe(first);
    // b evicts a (the store holds one trace); a's next document makes a new trace.
    store.add(record({ id: '0000000000000002', start_time: 1001 }, b));
    expect(store.get(a)).toBeUndefined();
    expect(store.get(b)?.id).toBe(b);
    store.add(record({ id: '0000000000000003', start_time: 1002 }, a));
    expect(store.get(b)).toBeUndefined();
    const again = defined(store.get(a), 'trace a again');
    expect(again).not.toBe(first);
    expect(again.segments.map((s) => s.id)).toEqual(['0000000000000003']);
    expect([...store.all()]).toEqual([again]);
  });

  it('evicts traces older than maxAgeSeconds and refuses documents already too old', () => {
    let clock = 1000;
    const store = new TraceStore({ maxTraces: 100, maxAgeSeconds: 60, clock: () => clock });
    store.add(record({ id: '0000000000000001', start_time: 990 }, T1));
    store.add(record({ id: '0000000000000002', start_time: 1030, end_time: 1031 }, T2));
    clock = 1060;
    store.evictExpired();
    expect(store.get(T1)).toBeUndefined();
    expect(store.get(T2)).toBeDefined();
    expect(store.counters()).toMatchObject({ traces: 1, evictedByAge: 1 });
    expect(store.add(record({ id: '0000000000000003', start_time: 900 }, T1))).toBe('expired');
  });

  it('queries a time range newest first, moving traces when an earlier segment arrives', () => {
    const store = newStore();
    const id = (n: number) => `1-5f84c7a5-${n.toString(16).padStart(24, '0')}`;
    for (let n = 0; n < 50; n++)
      store.add(record({ id: '0000000000000001', start_time: 1000 + n * 0.5, end_time: 1100 }, id(n)));
    // An earlier segment moves trace 49 from t=1024.5 to t=1001.25.
    store.add(record({ id: '0000000000000002', start_time: 1001.25, end_time: 1002 }, id(49)));
    const found = [...store.inTimeRange(1001, 1003)].map((t) => [t.id, t.startTime]);
    expect(found).toEqual([
      [id(6), 1003],
      [id(5), 1002.5],
      [id(4), 1002],
      [id(3), 1001.5],
      [id(49), 1001.25],
      [id(2), 1001],
    ]);
    expect(store.getMany([id(3), 'nope', id(1)]).map((t) => t.id)).toEqual([id(3), id(1)]);
  });
});

describe('record memory', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const MB = 1024 * 1024;
  const traceIdOf = (n: number) => `1-5f84c7a5-${n.toString(16).padStart(24, '0')}`;

  function arrayBufferBytesAfterGc(): number {
    gc();
    gc();
    return process.memoryUsage().arrayBuffers;
  }

  /** Stores 20,000 one-document traces of ~1.1 KB, 5,000 at a time; returns ArrayBuffer bytes freed by evicting the last 5,000. */
  function slabBytesOfStoredTraces(pad: (n: number) => string): { written: number; freed: number } {
    let clock = 2000;
    const before = arrayBufferBytesAfterGc();
    const store = new TraceStore({ maxTraces: 5_000, maxAgeSeconds: 3600, clock: () => clock });
    for (let n = 0; n < 20_000; n++)
      store.add(
        record({ id: '0000000000000001', start_time: 1000 + n / 100, metadata: { pad: pad(n) } }, traceIdOf(n)),
      );
    expect(store.get(traceIdOf(19_999))?.segments[0].json).toContain(pad(19_999));
    const stored = arrayBufferBytesAfterGc();
    clock += 7200;
    store.evictExpired();
    const emptied = arrayBufferBytesAfterGc();
    return { written: stored - before, freed: stored - emptied };
  }

  it('keeps document text in slabs off the V8 heap and frees them with the evicted traces', () => {
    // Text that hardly compresses: printable ASCII (quote and backslash left out) from a fixed
    // pseudo-random sequence, ~6.5 bits in 8.
    let seed = 1;
    const printable = Array.from({ length: 95 }, (_, n) => String.fromCharCode(32 + n)).filter(
      (c) => c !== '"' && c !== '\\',
    );
    const pads = Array.from({ length: 20_000 }, () =>
      Array.from({ length: 1000 }, () => printable[(seed = (seed * 48_271) % 2_147_483_647) % printable.length]).join(
        '',
      ),
    );
    const { written, freed } = slabBytesOfStoredTraces((n) => pads[n]);
    // 20,000 documents of ~1.1 KB were written (~21 MB) into slabs. The slabs of the 15,000
    // evicted while writing are released; the 5,000 stored (~5.4 MB) are released with them.
    // (Relative to `before` only as an upper bound: earlier tests' garbage may be swept meanwhile.)
    expect(written).toBeLessThan(8 * MB);
    expect(freed).toBeGreaterThan(4 * MB);
    expect(freed).toBeLessThan(7 * MB);
  });

  it('compresses the text of full slabs', () => {
    // Documents of one stream repeat keys, names and URLs: here 1,000 of their ~1.1 KB repeat.
    const pad = 'x'.repeat(1000);
    const { written, freed } = slabBytesOfStoredTraces(() => pad);
    expect(written).toBeLessThan(2 * MB);
    expect(freed).toBeGreaterThan(0.05 * MB);
    expect(freed).toBeLessThan(1 * MB);
  });
});
