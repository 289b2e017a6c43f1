import { HEADER, malformedPicker, MALFORMED, Random, validDatagram } from '@cruddur/test-kit';
import { MAX_DATAGRAM_BYTES } from '@cruddur/xray-contracts';
import { RecordSlabWriter } from '../store/record-slab';
import { documentTextString } from './document-text';
import { parseDatagram } from './parse-datagram';
import { parseSegmentJson } from './parse-segment-json';
import type { ParseResult } from './reject-reason';

// Differential tests: the datagram path (cheap header checks, then the validating scanner) must
// give exactly the verdicts of JSON.parse plus validateSegmentDocument, and an accepted document
// must hold what JSON.parse built for every field the store reads.

/** The verdict as the daemon gave it before the scanner: JSON.parse for the header and the body. */
function reference(buf: Buffer): ParseResult {
  if (buf.length > MAX_DATAGRAM_BYTES) return { ok: false, reason: 'too_large' };
  const newline = buf.indexOf(0x0a);
  if (newline < 0) return { ok: false, reason: 'no_header' };
  let header: unknown;
  try {
    header = JSON.parse(buf.toString('utf8', 0, newline));
  } catch {
    return { ok: false, reason: 'bad_header' };
  }
  const { format, version } = (typeof header === 'object' && header !== null ? header : {}) as Record<string, unknown>;
  if (format !== 'json' || version !== 1) return { ok: false, reason: 'bad_header' };
  return parseSegmentJson(buf.toString('utf8', newline + 1));
}

type Json = Record<string, unknown>;
const ENTITY_KEYS = [
  'name',
  'id',
  'trace_id',
  'parent_id',
  'type',
  'start_time',
  'end_time',
  'in_progress',
  'origin',
  'user',
  'namespace',
  'error',
  'fault',
  'throttle',
  'precursor_ids',
  'annotations',
  'cause',
];
const OPAQUE_KEYS = ['metadata', 'aws', 'sql', 'service'];
const REQUEST_KEYS = ['method', 'url', 'user_agent', 'client_ip', 'x_forwarded_for', 'traced'];
const RESPONSE_KEYS = ['status', 'content_length'];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function pick(value: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const key of keys) if (key in value) out[key] = value[key];
  return out;
}

/** What the scanner must build of a JSON.parse'd document: the fields read, no objects under opaque keys. */
function lean(doc: Json): Json {
  const out = pick(doc, ENTITY_KEYS);
  for (const key of OPAQUE_KEYS) {
    const v = doc[key];
    if (v !== undefined && !isObject(v)) out[key] = Array.isArray(v) ? [] : v;
  }
  if ('http' in doc) {
    const http = doc.http;
    if (isObject(http)) {
      const h: Json = {};
      if ('request' in http) h.request = isObject(http.request) ? pick(http.request, REQUEST_KEYS) : http.request;
      if ('response' in http) h.response = isObject(http.response) ? pick(http.response, RESPONSE_KEYS) : http.response;
      out.http = h;
    } else out.http = http;
  }
  if ('subsegments' in doc) {
    const subs = doc.subsegments;
    out.subsegments = Array.isArray(subs) ? subs.map((s: unknown) => (isObject(s) ? lean(s) : s)) : subs;
  }
  return out;
}

/** Accepted texts go into a slab as they came (bytes for a datagram) and are read back from it. */
const slabs = new RecordSlabWriter();

function expectSame(buf: Buffer, label: string): ParseResult {
  const expected = reference(buf);
  const actual = parseDatagram(buf);
  const context = `${label}: ${buf.toString('utf8', 0, 300)}`;
  expect({ context, ok: actual.ok, reason: actual.ok ? undefined : actual.reason }).toEqual({
    context,
    ok: expected.ok,
    reason: expected.ok ? undefined : expected.reason,
  });
  if (actual.ok && expected.ok) {
    // The text the store keeps, and serves back, is what JSON.parse was given: invalid UTF-8 included.
    expect(documentTextString(actual.json)).toBe(expected.json);
    const index = slabs.place(2, actual.json);
    expect(slabs.slab.text(index + 2)).toBe(expected.json);
    expect({ context, document: lean(actual.document as unknown as Json) }).toEqual({
      context,
      document: lean(expected.document as unknown as Json),
    });
    // Nothing beyond the lean fields was built.
    expect(lean(actual.document as unknown as Json)).toEqual(actual.document);
  }
  return expected;
}

describe('parseDatagram against JSON.parse + validateSegmentDocument', () => {
  it('agrees on every family of the reliability corpus (many instances each)', () => {
    const r = new Random(20261203);
    const seen = new Set<string>();
    for (const [kind, make] of Object.entries(MALFORMED)) {
      for (let i = 0; i < 60; i++) {
        const { data, expect: expected } = make(r);
        const verdict = expectSame(data, kind);
        if (expected !== 'emsgsize') expect(verdict.ok ? 'valid' : verdict.reason).toBe(expected);
        seen.add(kind);
      }
    }
    const next = malformedPicker(r);
    for (let i = 0; i < 2000; i++) {
      const d = next();
      expectSame(d.data, d.kind);
    }
    for (let variant = 0; variant < 128; variant++) {
      const d = validDatagram(
        r,
        `1-5f84c7a5-${r.hex(24)}`,
        r.hex(16),
        variant % 3 === 0 ? r.hex(16) : undefined,
        variant,
      );
      expect(expectSame(d.data, d.kind).ok).toBe(true);
    }
    expect(seen.size).toBe(Object.keys(MALFORMED).length);
  });

  it('agrees on random documents and their mutations', () => {
    const r = new Random(7);
    for (let i = 0; i < 4000; i++) {
      const text = randomDocument(r);
      expectSame(Buffer.from(HEADER + text), 'random');
      for (let m = 0; m < 3; m++) expectSame(mutate(r, Buffer.from(HEADER + text)), 'mutated');
    }
  });

  it('agrees on edge cases of JSON itself', () => {
    const seg = (extra: string) =>
      `{"name":"a","id":"0123456789abcdef","trace_id":"1-5f84c7a5-0123456789abcdef01234567","start_time":1,"end_time":2${extra}}`;
    const bodies = [
      seg(''),
      ` \t\r\n${seg('')} \n`,
      `\ufeff${seg('')}`,
      seg(',"name":"b"'),
      seg(',"name":""'),
      seg(',"start_time":1e400'),
      seg(',"start_time":-0,"end_time":-0.0'),
      seg(',"start_time":1E+0,"end_time":0.1e1'),
      seg(',"start_time":1.0000000000000002,"end_time":17332000001234567.5'),
      seg(',"start_time":01'),
      seg(',"start_time":1.'),
      seg(',"start_time":.5'),
      seg(',"start_time":+1'),
      seg(',"start_time":1e'),
      seg(',"name":"\\ud800"'),
      seg(',"name":"\\uDC00\\ud83d\\ude80"'),
      seg(',"name":"\\u12"'),
      seg(',"name":"\\x"'),
      seg(',"name":"a\tb"'),
      seg(',"\\u006eame":""'),
      seg(',"\\u005f_proto__":1'),
      seg(',"metadata":{"__proto__":1},"metadata":{}'),
      seg(
        ',"metadata":{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],"metadata":{}',
      ),
      seg(`,"metadata":{"a":${'['.repeat(70)}${']'.repeat(70)},"a":1}`),
      seg(`,"metadata":{"a":${'['.repeat(70)}${']'.repeat(70)},"b":1}`),
      seg(`,"metadata":{"constructor":1,"a":${'['.repeat(70)}${']'.repeat(70)}}`),
      seg(`,"metadata":{"a":${'['.repeat(70)}${']'.repeat(70)},"prototype":1}`),
      seg(`,"metadata":${'{"a":'.repeat(64)}1${'}'.repeat(64)}`),
      seg(`,"metadata":${'{"a":'.repeat(65)}1${'}'.repeat(65)}`),
      seg(`,"metadata":${'{"a":'.repeat(65)}{"a":[1,{"b":"c"},[]]${'}'.repeat(66)}`),
      seg(`,"metadata":${'{"a":'.repeat(65)}{"a":[1,{"b" "c"},[]]${'}'.repeat(66)}`),
      seg(',"annotations":{"1":1,"0":2,"a":"x"}'),
      seg(',"annotations":{"a":1e400}'),
      seg(',"http":{"request":{"url":"u","url":5}}'),
      seg(',"http":{"response":{"status":1e400}}'),
      seg(',"http":{"response":{"status":200,"status":-0}}'),
      seg(
        ',"subsegments":[{"name":"s","id":"0123456789abcdef","start_time":1,"end_time":2,"subsegments":[]}],"subsegments":[]',
      ),
      `[${seg('')}]`,
      `[${seg('')}`,
      '"x"',
      'nul',
      '{}',
      '{"a" :1 , "b":[ ]}',
      seg('') + 'x',
      seg('').replace('"a"', '"\xff\xfe"'),
    ];
    for (const body of bodies) expectSame(Buffer.from(HEADER + body, 'utf8'), 'edge');
    // Invalid UTF-8 inside and outside strings.
    const raw = Buffer.from(HEADER + seg(',"user":"@"'));
    for (const bytes of [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      const at = raw.indexOf('@');
      expectSame(Buffer.concat([raw.subarray(0, at), Buffer.from(bytes), raw.subarray(at + 1)]), 'utf8 in string');
      expectSame(Buffer.concat([raw.subarray(0, at - 1), Buffer.from(bytes), raw.subarray(at - 1)]), 'utf8 outside');
    }
    // Headers: spacing, non-objects, garbage, a header as long as the datagram.
    for (const header of [
      '{ "version":1 , "format":"json" }',
      ' {"format":"json","version":1}',
      '[]',
      'x',
      '',
      '\r{"format":"json","version":1}\r',
      `{"format":"json","version":1,"pad":"${'p'.repeat(3000)}"}`,
    ])
      expectSame(Buffer.from(`${header}\n${seg('')}`), 'header');
  });

  it('agrees where the scanner takes its shortcuts', () => {
    const seg = (extra: string) =>
      `{"name":"a","id":"0123456789abcdef","trace_id":"1-5f84c7a5-0123456789abcdef01234567","start_time":1,"end_time":2${extra}}`;
    const bodies = [
      // The syntax walk of metadata: escaped and forbidden keys go to the careful walk, which
      // must still find a syntax error after them; a syntax error before them decides alone.
      seg(',"metadata":{"a":{"\\u005f_proto__":1}}'),
      seg(',"metadata":{"a":{"n\\u0061me":1,"b":[1,2,{"c":null}]}}'),
      seg(',"metadata":{"a":[{"prototype":1}],"b":1 2}'),
      seg(',"metadata":{"a":[1 2],"constructor":1}'),
      seg(',"metadata":{"a":[{"constructor":{}}],"a":1}'),
      seg(`,"metadata":{"k":${'['.repeat(63)}${']'.repeat(63)}}`),
      seg(`,"metadata":{"k":${'['.repeat(64)}${']'.repeat(64)}}`),
      seg(`,"metadata":{"k":${'['.repeat(64)}{"__proto__":1}${']'.repeat(64)}}`),
      seg(',"metadata":{"a":"\\u00e9\\ud83d","b":"\\q"}'),
      seg(',"metadata":{"a":"x\u0001y"}'),
      seg(',"metadata":{"a":tru,"b":nulL}'),
      seg(',"metadata":{"a":-,"b":1}'),
      seg(',"metadata":{ "a" : [ 1 , { } , [ ] ] , "b" : "c" }'),
      seg(',"aws":[{"x":1}],"sql":"s"'),
      // A string running into the end of the datagram (the string loop has no bound check).
      '"abc',
      '"abc\\',
      '"abc\\u00',
      '{"name":"abc}',
      '{"name":"abc\\"}',
      // Keys next to a schema's names (same length, first and last bytes), and an empty key.
      seg(',"nXme":"b","":1,"trace_iX":5'),
      seg(',"http":{"rXquest":{"method":1},"response":{"stXtus":"x","status":200}}'),
      // Numbers read in one pass: grammar, signs, fractions, exponents, long mantissas.
      seg(',"start_time":-,"end_time":2'),
      seg(',"start_time":-01'),
      seg(',"start_time":1.,"end_time":2'),
      seg(',"start_time":1.5e,"end_time":2'),
      seg(',"start_time":0.5,"end_time":1.5E-2'),
      seg(',"start_time":-0.0e+1,"end_time":0'),
      seg(',"start_time":1733200000.1234567,"end_time":1733200000.12345678901234567890123'),
      seg(',"start_time":9007199254740993,"end_time":9007199254740993.5'),
      seg(',"annotations":{"n":-12.5,"m":0.000001,"o":1e-7}'),
    ];
    for (const body of bodies) expectSame(Buffer.from(HEADER + body, 'utf8'), 'shortcut');
    // Strings that share a cache slot (the hash reads five bytes) are still told apart.
    for (const name of ['aaaaaaaa', 'abaaaaaa', 'aaaaaaaa', 'aaabaaaa', 'abaaaaaa', 'aaaaaaba'])
      expectSame(Buffer.from(HEADER + seg(`,"name":"${name}","annotations":{"${name}":"${name}"}`)), 'cache');
    // Headers next to the canonical one.
    for (const header of [
      '{"format":"json","version":2}',
      '{"format":"json","version":1} ',
      '{"format":"json","version":1',
    ])
      expectSame(Buffer.from(`${header}\n${seg('')}`), 'header');
    expectSame(Buffer.from(HEADER), 'header only');
    expectSame(Buffer.from(HEADER.trim()), 'no newline');
  });

  it('shares a flat object read again from the same bytes, and only then', () => {
    const seg = (extra: string) =>
      `{"name":"a","id":"0123456789abcdef","trace_id":"1-5f84c7a5-0123456789abcdef01234567","start_time":1,"end_time":2${extra}}`;
    const annotationsOf = (extra: string): unknown => {
      const parsed = expectSame(Buffer.from(HEADER + seg(extra)), 'shared');
      const actual = parseDatagram(Buffer.from(HEADER + seg(extra)));
      expect(actual.ok && parsed.ok).toBe(true);
      return actual.ok ? actual.document.annotations : undefined;
    };
    const first = annotationsOf(',"annotations":{"route":"/a","n":1,"ok":true}');
    expect(annotationsOf(',"annotations":{"route":"/a","n":1,"ok":true}')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // One byte apart, spaced differently, or a duplicate key: another object, as JSON.parse gives it.
    for (const other of [
      ',"annotations":{"route":"/a","n":1,"ok":false}',
      ',"annotations":{"route":"/b","n":1,"ok":true}',
      ',"annotations":{"route":"/a", "n":1,"ok":true}',
      ',"annotations":{"route":"/a","n":1,"ok":true,"n":2}',
    ])
      expect(annotationsOf(other)).not.toBe(first);
    // A call's http, request and response included.
    const httpOf = (extra: string): unknown => {
      const actual = parseDatagram(Buffer.from(HEADER + seg(extra)));
      expectSame(Buffer.from(HEADER + seg(extra)), 'shared http');
      return actual.ok ? actual.document.http : undefined;
    };
    const http = ',"http":{"request":{"method":"GET","url":"tcp://x/y","traced":true},"response":{"status":200}}';
    const firstHttp = httpOf(http) as { request: object };
    expect(httpOf(http)).toBe(firstHttp);
    expect(Object.isFrozen(firstHttp) && Object.isFrozen(firstHttp.request)).toBe(true);
    expect(httpOf(http.replace('200', '500'))).not.toBe(firstHttp);
    // The same bytes as an annotation set are not the http object.
    const asAnnotations =
      ',"annotations":{"request":{"method":"GET","url":"tcp://x/y","traced":true},"response":{"status":200}}';
    expectSame(Buffer.from(HEADER + seg(asAnnotations)), 'http bytes elsewhere');
    // Not flat, escaped or forbidden keys, or too long: read afresh every time, never shared.
    for (const extra of [
      ',"annotations":{"a":{"b":1}}',
      ',"annotations":{"a":[1]}',
      ',"annotations":{"\\u0061":1}',
      ',"cause":{"constructor":1}',
      `,"annotations":{"long":"${'x'.repeat(300)}"}`,
    ]) {
      const once = parseDatagram(Buffer.from(HEADER + seg(extra)));
      const again = parseDatagram(Buffer.from(HEADER + seg(extra)));
      if (once.ok && again.ok) expect(again.document.annotations).not.toBe(once.document.annotations);
      expectSame(Buffer.from(HEADER + seg(extra)), 'not shared');
    }
  });
});

// ---- random documents ----

const KEYS = [
  ...ENTITY_KEYS,
  ...OPAQUE_KEYS,
  'http',
  'subsegments',
  'request',
  'response',
  ...REQUEST_KEYS,
  ...RESPONSE_KEYS,
  'x',
  'a',
  '__proto__',
  'constructor',
  'prototype',
  'n\\u0061me',
  '\\u005f_proto__',
  'ключ',
];

function randomString(r: Random): string {
  return r.pick([
    '""',
    '"a"',
    '"gateway"',
    `"${r.hex(16)}"`,
    `"${r.hex(15)}"`,
    `"1-5f84c7a5-${r.hex(24)}"`,
    '"subsegment"',
    '"remote"',
    '"GET"',
    '"http://localhost/x?y=1"',
    '"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t"',
    '"\\u00e9\\ud83d\\ude80"',
    '"\\ud800"',
    '"сервис-🚀"',
    `"${'n'.repeat(200)}"`,
    `"${'n'.repeat(201)}"`,
  ]);
}

function randomNumber(r: Random): string {
  return r.pick([
    '0',
    '-0',
    '1',
    '-1',
    '200',
    '503',
    '1.5',
    '1733200000.123',
    '1733200000.1234567',
    '1e400',
    '-1e400',
    '1E2',
    '2.5e-3',
    '123456789012345678901',
    '0.000000000000000000000001',
  ]);
}

function randomValue(r: Random, depth: number): string {
  const roll = r.int(depth > 6 ? 6 : 10);
  if (roll < 2) return randomString(r);
  if (roll < 4) return randomNumber(r);
  if (roll < 5) return r.pick(['true', 'false', 'null']);
  if (roll < 6) return r.int(40) === 0 ? '['.repeat(66) + ']'.repeat(66) : '[]';
  if (roll < 8) return randomObject(r, depth + 1);
  const n = r.int(4);
  return `[${Array.from({ length: n }, () => randomValue(r, depth + 1)).join(',')}]`;
}

function randomObject(r: Random, depth: number): string {
  const n = r.int(6);
  const pairs: string[] = [];
  for (let i = 0; i < n; i++) pairs.push(`"${r.pick(KEYS)}":${randomValue(r, depth)}`);
  return `{${pairs.join(',')}}`;
}

function randomSubsegment(r: Random, depth: number): string {
  const fields = [
    `"name":"s${r.int(3)}"`,
    `"id":"${r.hex(16)}"`,
    '"start_time":1733200000.1',
    '"end_time":1733200000.2',
  ];
  if (r.int(2) === 0) fields.push(`"namespace":${r.pick(['"remote"', '"aws"', '"local"', '5'])}`);
  if (r.int(3) === 0)
    fields.push(
      `"http":{"request":{"method":"GET","url":"http://b/${r.int(5)}","traced":${r.pick(['true', 'false'])}},"response":{"status":${r.pick(['200', '404', '503', '"x"'])}}}`,
    );
  if (r.int(3) === 0)
    fields.push(`"annotations":{"k${r.int(3)}":${r.pick(['1', '"v"', 'true', '1e400', 'null', '{}'])}}`);
  if (r.int(4) === 0) fields.push(`"aws":{"operation":"Query","retries":0}`);
  if (r.int(4) === 0) fields.push(`"sql":{"url":"pg://x","sanitized_query":"select 1"}`);
  if (depth < 3 && r.int(3) === 0) fields.push(`"subsegments":[${randomSubsegment(r, depth + 1)}]`);
  if (r.int(4) === 0) fields.push(`"${r.pick(KEYS)}":${randomValue(r, 4)}`);
  return `{${shuffle(r, fields).join(',')}}`;
}

function shuffle<T>(r: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** A segment-like document: mostly valid, with random fields, duplicates, odd values and spacing. */
function randomDocument(r: Random): string {
  const start = 1733200000 + r.int(1000) / 8;
  const fields = [
    `"name":${r.int(10) === 0 ? randomString(r) : '"gateway"'}`,
    `"id":"${r.hex(16)}"`,
    `"trace_id":"1-5f84c7a5-${r.hex(24)}"`,
    `"start_time":${start}`,
    `"end_time":${r.int(10) === 0 ? randomNumber(r) : start + 0.25}`,
  ];
  if (r.int(3) === 0) fields.push(`"parent_id":"${r.hex(16)}"`);
  if (r.int(6) === 0) fields.push(`"type":${r.pick(['"subsegment"', '"segment"', 'null'])}`);
  if (r.int(3) === 0)
    fields.push(
      `"http":{"request":{"method":"GET","url":"http://a/b","client_ip":"127.0.0.1","x_forwarded_for":${r.pick(['true', '1'])}},"response":{"status":${r.pick(['200', '429', '500', '-0', '1e400'])},"content_length":12}}`,
    );
  if (r.int(3) === 0) fields.push(`"annotations":{"route":"/a","n":${randomNumber(r)},"ok":true}`);
  if (r.int(3) === 0) fields.push(`"metadata":${randomObject(r, 1)}`);
  if (r.int(4) === 0)
    fields.push(
      `"cause":{"exceptions":[{"id":"${r.hex(16)}","message":"boom","stack":[{"path":"a.js","line":${r.pick(['1', 'null', '"x"'])},"label":null}]}]}`,
    );
  if (r.int(2) === 0)
    fields.push(`"subsegments":[${Array.from({ length: 1 + r.int(3) }, () => randomSubsegment(r, 1)).join(',')}]`);
  for (let k = r.int(3); k > 0; k--) fields.push(`"${r.pick(KEYS)}":${randomValue(r, 1)}`);
  if (r.int(5) === 0) fields.push(fields[r.int(fields.length)]);
  const ws = () => r.pick(['', '', '', ' ', '\n', '\t', '\r\n  ']);
  return `${ws()}{${ws()}${shuffle(r, fields).join(`${ws()},${ws()}`)}${ws()}}${ws()}`;
}

function mutate(r: Random, buf: Buffer): Buffer {
  const body = HEADER.length;
  const at = body + r.int(buf.length - body);
  switch (r.int(7)) {
    case 0:
      return buf.subarray(0, at);
    case 1: {
      const out = Buffer.from(buf);
      out[at] = r.int(256);
      return out;
    }
    case 2:
      return Buffer.concat([
        buf.subarray(0, at),
        Buffer.from(
          r.pick(['\\', '\\u', '\\ud800', '"', ',', '}', ']', '{', '[', ' ', '\u00e9', '\xff', '\x00', '1e400', '-']),
        ),
        buf.subarray(at),
      ]);
    case 3:
      return Buffer.concat([buf.subarray(0, at), buf.subarray(at + 1 + r.int(8))]);
    case 4:
      return Buffer.concat([buf.subarray(0, body), Buffer.from('\ufeff'), buf.subarray(body)]);
    case 5: {
      const text = buf.toString('latin1');
      const key = text.indexOf('"', at);
      return key < 0 ? buf : Buffer.from(`${text.slice(0, key)}"__proto__":1,${text.slice(key)}`, 'latin1');
    }
    default:
      return Buffer.concat([buf.subarray(0, at), Buffer.from(`{"a":${'['.repeat(70)}`), buf.subarray(at)]);
  }
}
