import type { SegmentDocument, SubsegmentDocument } from '@cruddur/xray-contracts';
import { type OtlpSpan, SpanKind } from '../model/otlp-span';
import { otlpSpan, RESOURCE } from './span.fixture';
import { countEntities, splitDocument } from './split-document';
import { MAX_SUBSEGMENT_NESTING, spansToDocuments } from './spans-to-documents';

const id = (n: number) => n.toString(16).padStart(16, '0');
const child = (n: number, parent: number, overrides: Partial<OtlpSpan> = {}) =>
  otlpSpan({ kind: SpanKind.internal, spanId: id(n), parentSpanId: id(parent), name: `s${n}`, ...overrides });

describe('spansToDocuments', () => {
  it('nests subsegments under their parent span when it is in the request, whatever the order', () => {
    const server = otlpSpan({ spanId: id(1), parentSpanId: '' });
    const { documents, rejected } = spansToDocuments([
      { resource: RESOURCE, spans: [child(3, 2), server, child(2, 1, { kind: SpanKind.client })] },
    ]);
    expect(rejected).toEqual([]);
    expect(documents).toHaveLength(1);
    const doc = documents[0] as SegmentDocument;
    expect(doc.id).toBe(id(1));
    expect(doc.subsegments?.map((s) => [s.id, s.namespace, s.subsegments?.map((x) => x.id)])).toEqual([
      [id(2), 'remote', [id(3)]],
    ]);
  });

  it('a subsegment whose parent is not in the request is an independent subsegment document', () => {
    const { documents } = spansToDocuments([{ resource: RESOURCE, spans: [child(5, 9)] }]);
    expect(documents).toEqual([
      expect.objectContaining({
        type: 'subsegment',
        id: id(5),
        parent_id: id(9),
        trace_id: '1-6759f0a1-' + 'b'.repeat(24),
      }),
    ]);
  });

  it('a SERVER span under a CLIENT span of the same request is its own segment (another service), linked by parent_id', () => {
    const client = child(2, 1, { kind: SpanKind.client });
    const server = otlpSpan({ spanId: id(3), parentSpanId: id(2) });
    const { documents } = spansToDocuments([{ resource: RESOURCE, spans: [client, server] }]);
    expect(documents.map((d) => [d.id, d.type, d.parent_id])).toEqual([
      [id(2), 'subsegment', id(1)],
      [id(3), undefined, id(2)],
    ]);
  });

  it('spans of other traces with the same span id are not mixed up', () => {
    const other = 'f'.repeat(32);
    const { documents } = spansToDocuments([
      { resource: RESOURCE, spans: [otlpSpan({ spanId: id(1), parentSpanId: '' }), child(2, 1, { traceId: other })] },
    ]);
    expect(documents).toHaveLength(2);
    expect((documents[1] as SubsegmentDocument).trace_id).toBe('1-ffffffff-' + 'f'.repeat(24));
  });

  it('spans naming each other as parents (a cycle) still all become documents', () => {
    const { documents } = spansToDocuments([{ resource: RESOURCE, spans: [child(1, 2), child(2, 1)] }]);
    expect(documents.reduce((n, d) => n + countEntities(d), 0)).toBe(2);
  });

  it(`a chain deeper than ${MAX_SUBSEGMENT_NESTING} levels is cut into several documents, no span lost`, () => {
    const spans = [otlpSpan({ spanId: id(1), parentSpanId: '' })];
    for (let n = 2; n <= 1000; n++) spans.push(child(n, n - 1));
    const { documents } = spansToDocuments([{ resource: RESOURCE, spans }]);
    expect(documents.reduce((n, d) => n + countEntities(d), 0)).toBe(1000);
    const depth = (e: { subsegments?: { subsegments?: unknown[] }[] }): number =>
      1 + Math.max(0, ...(e.subsegments ?? []).map((s) => depth(s as never)));
    expect(Math.max(...documents.map((d) => depth(d)))).toBe(MAX_SUBSEGMENT_NESTING + 1);
  });

  it('invalid spans are rejected one by one with their reason; the others still become documents', () => {
    const { documents, rejected } = spansToDocuments([
      {
        resource: RESOURCE,
        spans: [
          otlpSpan({ spanId: id(1), parentSpanId: '' }),
          otlpSpan({ traceId: '0'.repeat(32) }),
          otlpSpan({ traceId: 'AAECAwQFBgcICQoLDA0ODw==' }),
          otlpSpan({ spanId: '0'.repeat(16) }),
          otlpSpan({ spanId: 'abc' }),
          otlpSpan({ parentSpanId: 'xyz' }),
          otlpSpan({ startTimeUnixNano: '' }),
          otlpSpan({ endTimeUnixNano: '1767000000000000000' }),
        ],
      },
    ]);
    expect(documents).toHaveLength(1);
    expect(rejected.map((r) => r.reason)).toEqual([
      'bad_trace_id',
      'bad_trace_id',
      'bad_id',
      'bad_id',
      'bad_parent_id',
      'bad_times',
      'bad_times',
    ]);
    expect(rejected[1].message).toContain('not base64');
  });
});

describe('splitDocument', () => {
  it('gives one document per span, nested ones pointing at their parent', () => {
    const { documents } = spansToDocuments([
      {
        resource: RESOURCE,
        spans: [otlpSpan({ spanId: id(1), parentSpanId: '' }), child(2, 1), child(3, 2), child(4, 1)],
      },
    ]);
    const pieces = splitDocument(documents[0]);
    expect(pieces.map((p) => [p.id, p.type, p.parent_id, p.subsegments])).toEqual([
      [id(1), undefined, undefined, undefined],
      [id(2), 'subsegment', id(1), undefined],
      [id(3), 'subsegment', id(2), undefined],
      [id(4), 'subsegment', id(1), undefined],
    ]);
    expect(pieces.every((p) => p.trace_id === documents[0].trace_id)).toBe(true);
  });
});
