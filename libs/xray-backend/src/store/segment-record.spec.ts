import type { Annotations, NestedSubsegment, TraceDocument } from '@cruddur/xray-contracts';
import { toSegmentRecord } from './segment-record';

const TRACE = '1-5f84c7a5-000000000000000000000001';

function sub(n: number, annotations: Annotations | undefined, subsegments?: NestedSubsegment[]): NestedSubsegment {
  const id = n.toString(16).padStart(16, '0');
  return { name: `sub${n}`, id, start_time: 1000, end_time: 1001, annotations, subsegments };
}

function annotationsOf(doc: Partial<TraceDocument>): Annotations | undefined {
  const full = { name: 'svc', id: 'aaaaaaaaaaaaaaaa', trace_id: TRACE, start_time: 1000, end_time: 1001, ...doc };
  return toSegmentRecord(full as TraceDocument, JSON.stringify(full)).annotations;
}

describe('toSegmentRecord annotations', () => {
  // The record's annotations are what spreading the nested subsegments' sets (depth first) and
  // then the document's own into one object gives: keys in order of first appearance, last value wins.
  const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, i]));
  const cases: [string, Annotations | undefined, (Annotations | undefined)[]][] = [
    ['none', undefined, []],
    ['own only', { a: 1, b: 'x' }, []],
    ['an empty own set', {}, []],
    ['an empty nested set', undefined, [{}]],
    ['nested only', undefined, [{ a: 1 }, { b: true }]],
    ['duplicates: the last value wins, the first position stays', { b: 'own', c: 3 }, [{ a: 1, b: 2 }, { a: 'x' }]],
    ['integer-like keys', { 2: 'two', z: 1 }, [{ b: 1, 10: 'ten' }, { 1: 'one' }]],
    ['more keys than the linear merge takes', { k3: 'own' }, [many, { extra: false }]],
    ['absent nested sets between present ones', { o: 0 }, [undefined, { a: 1 }, undefined, { a: 2 }]],
  ];

  it.each(cases)('merges like object spread: %s', (_label, own, nested) => {
    const defined = nested.filter((set): set is Annotations => set !== undefined);
    const expected = own === undefined && defined.length === 0 ? undefined : Object.assign({}, ...defined, own);
    // Nested depth first: the first set's subsegment holds the second's.
    const subsegments =
      nested.length === 0
        ? undefined
        : [
            nested.reduceRight<NestedSubsegment | undefined>(
              (inner, set, n) => sub(n + 1, set, inner === undefined ? undefined : [inner]),
              undefined,
            ) as NestedSubsegment,
          ];
    const actual = annotationsOf({ annotations: own, subsegments });
    expect(actual === undefined ? undefined : Object.entries(actual)).toEqual(
      expected === undefined ? undefined : Object.entries(expected),
    );
    // The same merge again gives the shared set, or an equal copy past the sharing bound.
    expect(annotationsOf({ annotations: own, subsegments })).toEqual(actual);
  });

  it('stores a frozen set (the scanner shares them) as it stores an equal unfrozen one', () => {
    const shared = annotationsOf({ annotations: { route: '/frozen', n: 2 } });
    const frozen = Object.freeze({ route: '/frozen', n: 2 });
    expect(annotationsOf({ annotations: frozen })).toBe(shared);
    expect(annotationsOf({ annotations: frozen })).toBe(shared);
    // Under nested sets, merged as ever.
    expect(annotationsOf({ annotations: frozen, subsegments: [sub(1, { n: 1, a: 'x' })] })).toEqual({
      n: 2,
      a: 'x',
      route: '/frozen',
    });
    // Too long to share: an equal copy every time.
    const long = Object.freeze({ text: 'y'.repeat(2000) });
    expect(annotationsOf({ annotations: long })).toEqual(long);
    expect(annotationsOf({ annotations: long })).not.toBe(annotationsOf({ annotations: long }));
  });

  it('merges siblings in document order', () => {
    const subsegments = [sub(1, { a: 1, s: 'first' }, [sub(2, { a: 2 })]), sub(3, { s: 'third', t: 3 })];
    expect(Object.entries(annotationsOf({ subsegments }) ?? {})).toEqual(
      Object.entries(Object.assign({ a: 1, s: 'first' }, { a: 2 }, { s: 'third', t: 3 })),
    );
  });
});
