import type { RejectReason } from '@cruddur/xray-contracts';
import type { Random } from './random';

/** The reject reasons a UDP datagram can earn on loopback, where it is below 64 KB anyway (no `too_large`). */
export type Reason = Exclude<RejectReason, 'too_large'>;

/**
 * One generated datagram and what must become of it: stored (`valid`), counted under a reject
 * reason, or refused by the sender's kernel (`emsgsize`: over the 65,507-byte UDP payload limit,
 * it never leaves this process). The expected outcome is written by hand from the wire protocol
 * (a `{"format":"json","version":1}` header, a newline, one JSON document of at most 64 KB), not
 * computed with the daemon's own parser.
 */
export interface GeneratedDatagram {
  readonly kind: string;
  readonly data: Buffer;
  readonly expect: Reason | 'valid' | 'emsgsize';
  /** For valid ones: the segment they carry. */
  readonly traceId?: string;
  readonly id?: string;
}

export const HEADER = '{"format":"json","version":1}\n';
/** Largest UDP payload over IPv4 loopback. */
export const MAX_UDP_PAYLOAD = 65_507;

const now = () => Date.now() / 1000;
const epochHex = () =>
  Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');

type Doc = Record<string, unknown>;

/** A well-formed, complete segment (the base every malformed one is derived from). */
function baseSegment(r: Random, overrides: Doc = {}): Doc {
  const start = now() - r.next();
  return {
    name: 'fuzz-service',
    id: r.hex(16),
    trace_id: `1-${epochHex()}-${r.hex(24)}`,
    start_time: start,
    end_time: start + 0.005,
    http: { request: { method: 'GET', url: 'http://localhost/fuzz' }, response: { status: 200 } },
    ...overrides,
  };
}

const datagram = (body: string | Buffer, header = HEADER) =>
  Buffer.concat([Buffer.from(header), Buffer.isBuffer(body) ? body : Buffer.from(body)]);
const json = (doc: Doc) => JSON.stringify(doc);
/** Puts a raw `"key":value` pair first in a JSON object text (a literal `__proto__` key cannot be built as an object). */
const withRawKey = (objectJson: string, pair: string) => `{${pair},${objectJson.slice(1)}`;
const nested = (depth: number, open: string, close: string, leaf = '1') =>
  open.repeat(depth) + leaf + close.repeat(depth);

type Maker = (r: Random) => { data: Buffer; expect: GeneratedDatagram['expect'] };

/** Malformed datagrams, by family; each maker yields one instance (randomised). */
export const MALFORMED: Record<string, Maker> = {
  random_bytes_no_newline: (r) => {
    const bytes = r.bytes(r.int(2000));
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) bytes[i] = 0x20;
    return { data: bytes, expect: 'no_header' };
  },
  random_bytes_with_newline: (r) => {
    const bytes = r.bytes(2 + r.int(2000));
    // A random header cannot parse as {"format":"json","version":1}; make sure it does not start like one.
    bytes[0] = 0xff;
    bytes[1 + r.int(bytes.length - 1)] = 0x0a;
    return { data: bytes, expect: 'bad_header' };
  },
  header_only: () => ({ data: Buffer.from(HEADER.trim()), expect: 'no_header' }),
  no_header: (r) => ({ data: Buffer.from(json(baseSegment(r))), expect: 'no_header' }),
  empty_body: () => ({ data: Buffer.from(HEADER), expect: 'bad_json' }),
  truncated_in_body: (r) => {
    const full = datagram(json(baseSegment(r)));
    return { data: full.subarray(0, HEADER.length + r.int(full.length - HEADER.length - 1)), expect: 'bad_json' };
  },
  truncated_in_header: (r) => ({ data: Buffer.from(HEADER.slice(0, r.int(HEADER.length - 1))), expect: 'no_header' }),
  wrong_version: (r) => ({
    data: datagram(
      json(baseSegment(r)),
      `${r.pick(['{"format":"json","version":2}', '{"format":"json","version":0}', '{"format":"json","version":"1"}', '{"format":"json","version":1.5}', '{"format":"json","version":null}', '{"format":"xml","version":1}', '{"format":"JSON","version":1}', '{"version":1}', '{}', '[]', 'null', '"json"', '\ufeff{"format":"json","version":1}', ''])}\n`,
    ),
    expect: 'bad_header',
  }),
  invalid_json: (r) => ({
    data: datagram(
      r.pick([
        '{',
        '}',
        '{"name":}',
        "{'name':'x'}",
        '{"name":"x",}',
        'NaN',
        'undefined',
        '{"a":1}{"b":2}',
        '{"name":"\u0000\\x"}',
        '{"a":01}',
        '\u0000',
        '{"name":"x"',
        'tru',
      ]),
    ),
    expect: 'bad_json',
  }),
  not_object: (r) => ({
    data: datagram(r.pick(['[]', `[${json(baseSegment(r))}]`, '1', '"segment"', 'null', 'true', '1e400'])),
    expect: 'not_object',
  }),
  bad_type: (r) => ({
    data: datagram(json(baseSegment(r, { type: r.pick(['segment', 'Subsegment', 1, null, true, {}]) }))),
    expect: 'bad_type',
  }),
  bad_trace_id: (r) => {
    const doc = baseSegment(r);
    const good = doc.trace_id as string;
    const bad = r.pick<unknown>([
      undefined,
      '',
      '1-abc-def',
      `${good.slice(0, 11)}ABCDEF${good.slice(17)}`,
      `2${good.slice(1)}`,
      `${good}0`,
      good.slice(0, 34),
      good.replace(/-/g, '_'),
      1,
      null,
      [good],
      `${good}\n`,
      good.replace(/.$/, 'g'),
    ]);
    if (bad === good) throw new Error('corpus bug: trace id unchanged');
    return { data: datagram(json({ ...doc, trace_id: bad })), expect: 'bad_trace_id' };
  },
  bad_parent_id: (r) => {
    const missingForSubsegment = r.int(3) === 0;
    const doc = missingForSubsegment
      ? baseSegment(r, { type: 'subsegment' })
      : baseSegment(r, {
          parent_id: r.pick<unknown>(['zz', r.hex(15), r.hex(17), r.hex(16).toUpperCase() + 'X', 12, null, '']),
        });
    return { data: datagram(json(doc)), expect: 'bad_parent_id' };
  },
  bad_name: (r) => ({
    data: datagram(
      json(baseSegment(r, { name: r.pick<unknown>([undefined, '', 'n'.repeat(201), 42, null, ['gateway'], {}]) })),
    ),
    expect: 'bad_name',
  }),
  bad_id: (r) => ({
    data: datagram(
      json(
        baseSegment(r, {
          id: r.pick<unknown>([
            undefined,
            '',
            r.hex(15),
            r.hex(17),
            r.hex(16).toUpperCase().replace(/^./, 'A'),
            'g'.repeat(16),
            1234567890123456,
            null,
          ]),
        }),
      ),
    ),
    expect: 'bad_id',
  }),
  bad_times: (r) => {
    const variant = r.int(7);
    const seg = baseSegment(r);
    const start = seg.start_time as number;
    const body = [
      () => json({ ...seg, start_time: String(start) }),
      () => json({ ...seg, start_time: undefined }),
      () => json({ ...seg, end_time: start - 1 }),
      () => json({ ...seg, end_time: undefined }),
      () => json({ ...seg, end_time: 'soon' }),
      // Huge numbers: 1e400 parses to Infinity.
      () => json(seg).replace(/"start_time":[^,]+/, '"start_time":1e400'),
      () => json(seg).replace(/"end_time":[^,]+/, `"end_time":${r.pick(['1e400', '-1e400'])}`),
    ][variant]();
    return { data: datagram(body), expect: 'bad_times' };
  },
  bad_field_type: (r) => {
    const field = r.pick<Doc>([
      { error: 'yes' },
      { fault: 1 },
      { throttle: null },
      { in_progress: 'true' },
      { http: [] },
      { http: { request: { method: 1 } } },
      { http: { response: { status: '200' } } },
      { http: { request: { x_forwarded_for: 'yes' } } },
      { annotations: { 'not-a-key': 1 } },
      { annotations: { k: {} } },
      { annotations: { k: null } },
      { metadata: 'text' },
      { subsegments: {} },
      { subsegments: [1] },
      { cause: 12 },
      { cause: { exceptions: {} } },
      { cause: { exceptions: [{ stack: [{ line: 'ten' }] }] } },
      { precursor_ids: [1] },
      { namespace: 5 },
      { origin: 5 },
      { user: false },
      { service: 'svc' },
      { aws: [] },
    ]);
    const huge = r.int(8) === 0;
    const body = huge
      ? json(baseSegment(r)).replace(/^\{/, '{"annotations":{"n":1e400},')
      : json(baseSegment(r, field));
    return { data: datagram(body), expect: 'bad_field_type' };
  },
  bad_nested_subsegment: (r) => {
    const seg = baseSegment(r);
    const sub = { name: 'child', id: r.hex(16), start_time: seg.start_time, end_time: seg.end_time };
    const bad = r.pick<[Doc, Reason]>([
      [{ ...sub, name: '' }, 'bad_name'],
      [{ ...sub, id: 'x' }, 'bad_id'],
      [{ ...sub, end_time: undefined }, 'bad_times'],
      [{ ...sub, fault: 'yes' }, 'bad_field_type'],
    ]);
    return { data: datagram(json({ ...seg, subsegments: [sub, bad[0]] })), expect: bad[1] };
  },
  deeply_nested: (r) => {
    // Up to 10,000 levels (the deepest that fits one datagram as objects).
    const depth = r.pick([65, 100, 1000, 10_000]);
    const leaf = r.int(2) === 0 ? nested(depth, '[', ']') : nested(depth, '{"a":', '}');
    return {
      data: datagram(json(baseSegment(r)).replace(/^\{/, `{"metadata":{"default":{"deep":${leaf}}},`)),
      expect: 'too_deep',
    };
  },
  forbidden_key: (r) => {
    const key = r.pick(['__proto__', 'constructor', 'prototype']);
    const seg = json(baseSegment(r, { http: undefined }));
    const where = r.int(4);
    const body = [
      () => withRawKey(seg, `"${key}":{"polluted":true}`),
      () => seg.replace(/^\{/, `{"metadata":{"default":{"${key}":{"polluted":true}}},`),
      () => seg.replace(/^\{/, `{"annotations":{"${key}":"x"},`),
      () => seg.replace(/^\{/, `{"http":{"request":{"${key}":{"toString":1}}},`),
    ][where]();
    return { data: datagram(body), expect: 'forbidden_key' };
  },
  oversize_truncated: (r) => {
    // The largest datagram loopback carries, but cut mid-string: invalid JSON.
    const head = `${HEADER}{"name":"big","id":"${r.hex(16)}","metadata":{"default":{"pad":"`;
    return {
      data: Buffer.concat([Buffer.from(head), Buffer.alloc(MAX_UDP_PAYLOAD - head.length, 'a')]),
      expect: 'bad_json',
    };
  },
  over_udp_limit: (r) => ({ data: Buffer.alloc(MAX_UDP_PAYLOAD + 1 + r.int(10_000), 'x'), expect: 'emsgsize' }),
};

/**
 * How often each family is drawn, relative to 1: the ~64 KB ones are rare so a run of 100,000
 * stays a few tens of MB on the wire.
 */
const WEIGHTS: Record<string, number> = { oversize_truncated: 0.05, over_udp_limit: 0.02, deeply_nested: 0.3 };

/** Draws malformed families by weight. */
export function malformedPicker(r: Random): () => GeneratedDatagram {
  const kinds = Object.keys(MALFORMED);
  const cumulative: number[] = [];
  let total = 0;
  for (const kind of kinds) cumulative.push((total += WEIGHTS[kind] ?? 1));
  return () => {
    const x = r.next() * total;
    const kind = kinds[cumulative.findIndex((c) => x < c)];
    return { kind, ...MALFORMED[kind](r) };
  };
}

/** Valid documents, plain and odd: each is one segment that must be stored. */
export function validDatagram(
  r: Random,
  traceId: string,
  id: string,
  parentId: string | undefined,
  variant: number,
): GeneratedDatagram {
  const start = now() - 0.5;
  const doc: Doc = {
    name: parentId ? 'fuzz-downstream' : 'fuzz-edge',
    id,
    trace_id: traceId,
    start_time: start,
    end_time: start + 0.01 + r.next() / 100,
  };
  if (parentId) doc.parent_id = parentId;
  let header = HEADER;
  switch (variant % 8) {
    case 1:
      // Odd but valid spacing in the header (the daemon's slow path).
      header = '{ "format" : "json",  "version" : 1 }\n';
      break;
    case 2:
      doc.name = 'сервис-🚀-服务';
      doc.annotations = { user_name: 'Ω≈ç√', big: 1e308, flag: true };
      break;
    case 3:
      doc.metadata = {
        default: {
          deep: JSON.parse(nested(50, '[', ']')) as unknown,
          text: '__proto__ constructor',
          huge: 1.2345678901234568e29,
        },
      };
      break;
    case 4:
      doc.http = {
        request: { method: 'POST', url: 'http://localhost/a\u2028b?q=%00', user_agent: 'x'.repeat(1000) },
        response: { status: 503 },
      };
      doc.fault = true;
      doc.cause = {
        exceptions: [
          {
            id: r.hex(16),
            message: 'boom\r\nInjected: header',
            type: 'Error',
            stack: [{ path: 'a.js', line: null, label: null }],
          },
        ],
      };
      break;
    case 5:
      doc.subsegments = [
        { name: 'remote-call', id: r.hex(16), namespace: 'remote', start_time: start, end_time: start + 0.001 },
      ];
      break;
    case 6:
      if (variant % 64 === 6) {
        // Near the UDP maximum: a ~65 KB document is still one datagram and must be stored whole.
        const base = JSON.stringify({ ...doc, metadata: { default: { pad: '' } } });
        const room = MAX_UDP_PAYLOAD - HEADER.length - base.length;
        doc.metadata = { default: { pad: 'p'.repeat(room) } };
      }
      break;
    default:
      break;
  }
  return { kind: `valid_${variant % 8}`, data: datagram(json(doc), header), expect: 'valid', traceId, id };
}
