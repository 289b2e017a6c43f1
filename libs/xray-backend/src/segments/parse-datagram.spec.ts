import { randomBytes } from 'node:crypto';
import { MAX_DATAGRAM_BYTES } from '@cruddur/xray-contracts';
import { documentTextString } from './document-text';
import { parseDatagram } from './parse-datagram';
import { parseSegmentJson } from './parse-segment-json';
import type { RejectReason } from './reject-reason';
import { RejectCounters } from './reject-counters';
import { validateSegmentDocument } from './validate-segment-document';

const HEADER = '{"format":"json","version":1}\n';
const TRACE = '1-5f84c7a5-0123456789abcdef01234567';

function segment(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'gateway', id: '0123456789abcdef', trace_id: TRACE, start_time: 100.5, end_time: 101, ...extra };
}

function datagram(doc: unknown, header = HEADER): Buffer {
  return Buffer.from(header + (typeof doc === 'string' ? doc : JSON.stringify(doc)));
}

describe('parseDatagram', () => {
  it('accepts a well-formed segment and keeps its exact JSON text', () => {
    const body = JSON.stringify(
      segment({ http: { request: { method: 'GET', url: 'http://x/' }, response: { status: 200 } } }),
    );
    const datagram = Buffer.from(HEADER + body);
    const result = parseDatagram(datagram);
    // The text is handed on as the body's bytes, not decoded.
    expect(result).toEqual({
      ok: true,
      document: JSON.parse(body),
      json: { bytes: datagram, start: Buffer.byteLength(HEADER), end: datagram.length },
    });
    expect(result.ok && documentTextString(result.json)).toBe(body);
  });

  it('accepts a header with different spacing', () => {
    expect(parseDatagram(datagram(segment(), '{ "version": 1, "format": "json" }\n')).ok).toBe(true);
  });

  const cases: Array<[string, Buffer, RejectReason]> = [
    ['no newline', Buffer.from('{"format":"json","version":1}'), 'no_header'],
    ['empty', Buffer.alloc(0), 'no_header'],
    ['wrong format', datagram(segment(), '{"format":"xml","version":1}\n'), 'bad_header'],
    ['wrong version', datagram(segment(), '{"format":"json","version":2}\n'), 'bad_header'],
    ['header not json', datagram(segment(), 'hello\n'), 'bad_header'],
    ['header null', datagram(segment(), 'null\n'), 'bad_header'],
    ['body not json', datagram('{"name":'), 'bad_json'],
    ['empty body', datagram(''), 'bad_json'],
    ['body array', datagram([segment()]), 'not_object'],
    ['body number', datagram('42'), 'not_object'],
    ['body null', datagram('null'), 'not_object'],
    ['missing id', datagram(segment({ id: undefined })), 'bad_id'],
    ['short id', datagram(segment({ id: '0123' })), 'bad_id'],
    ['upper-case id', datagram(segment({ id: '0123456789ABCDEF' })), 'bad_id'],
    ['non-hex id', datagram(segment({ id: '0123456789abcdeg' })), 'bad_id'],
    ['numeric id', datagram(segment({ id: 1234567890123456 })), 'bad_id'],
    ['missing trace id', datagram(segment({ trace_id: undefined })), 'bad_trace_id'],
    ['trace id version 2', datagram(segment({ trace_id: '2-5f84c7a5-0123456789abcdef01234567' })), 'bad_trace_id'],
    ['trace id bad separator', datagram(segment({ trace_id: '1-5f84c7a5_0123456789abcdef01234567' })), 'bad_trace_id'],
    ['trace id too long', datagram(segment({ trace_id: TRACE + '0' })), 'bad_trace_id'],
    ['empty name', datagram(segment({ name: '' })), 'bad_name'],
    ['long name', datagram(segment({ name: 'x'.repeat(201) })), 'bad_name'],
    ['name not string', datagram(segment({ name: 7 })), 'bad_name'],
    ['no end and not in progress', datagram(segment({ end_time: undefined })), 'bad_times'],
    ['end before start', datagram(segment({ end_time: 99 })), 'bad_times'],
    ['start as string', datagram(segment({ start_time: '100' })), 'bad_times'],
    ['huge number start', datagram(JSON.stringify(segment()).replace('100.5', '1e400')), 'bad_times'],
    ['in_progress not boolean', datagram(segment({ end_time: undefined, in_progress: 'yes' })), 'bad_field_type'],
    ['bad parent id', datagram(segment({ parent_id: 'abc' })), 'bad_parent_id'],
    ['subsegment without parent', datagram(segment({ type: 'subsegment' })), 'bad_parent_id'],
    ['unknown type', datagram(segment({ type: 'span' })), 'bad_type'],
    ['fault not boolean', datagram(segment({ fault: 'true' })), 'bad_field_type'],
    ['http status string', datagram(segment({ http: { response: { status: '200' } } })), 'bad_field_type'],
    ['http request not object', datagram(segment({ http: { request: 'GET /' } })), 'bad_field_type'],
    ['annotation object value', datagram(segment({ annotations: { a: { b: 1 } } })), 'bad_field_type'],
    ['annotation bad key', datagram(segment({ annotations: { 'a-b': 1 } })), 'bad_field_type'],
    ['metadata not object', datagram(segment({ metadata: 'x' })), 'bad_field_type'],
    ['cause number', datagram(segment({ cause: 5 })), 'bad_field_type'],
    [
      'cause exception stack bad',
      datagram(segment({ cause: { exceptions: [{ stack: [{ line: 'x' }] }] } })),
      'bad_field_type',
    ],
    ['origin not string', datagram(segment({ origin: 1 })), 'bad_field_type'],
    ['subsegments not array', datagram(segment({ subsegments: {} })), 'bad_field_type'],
    [
      'nested subsegment bad id',
      datagram(segment({ subsegments: [{ name: 'a', id: 'x', start_time: 1, end_time: 2 }] })),
      'bad_id',
    ],
    [
      'nested subsegment bad name',
      datagram(segment({ subsegments: [{ name: '', id: '0123456789abcdef', start_time: 1, end_time: 2 }] })),
      'bad_name',
    ],
    [
      'nested subsegment bad times',
      datagram(segment({ subsegments: [{ name: 'a', id: '0123456789abcdef', start_time: 2, end_time: 1 }] })),
      'bad_times',
    ],
    [
      '__proto__ key',
      datagram(JSON.stringify(segment()).replace('{', '{"__proto__":{"polluted":1},')),
      'forbidden_key',
    ],
    [
      'nested __proto__ key',
      datagram(segment({ metadata: JSON.parse('{"a":{"__proto__":{"polluted":1}}}') })),
      'forbidden_key',
    ],
    [
      'constructor key',
      datagram(segment({ metadata: { constructor: { prototype: { polluted: 1 } } } })),
      'forbidden_key',
    ],
    [
      'deeply nested metadata',
      datagram(
        JSON.stringify(segment({ metadata: { deep: '@' } })).replace('"@"', '['.repeat(5000) + ']'.repeat(5000)),
      ),
      'too_deep',
    ],
  ];

  it.each(cases)('rejects %s', (_label, buf, reason) => {
    expect(parseDatagram(buf)).toEqual({ ok: false, reason });
  });

  it('does not pollute Object.prototype with __proto__ keys', () => {
    parseDatagram(datagram('{"__proto__":{"polluted":true},"name":"a"}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('enforces the 64 KB limit', () => {
    const base = JSON.stringify(segment({ metadata: { pad: '' } }));
    const fill = (size: number) =>
      Buffer.from(HEADER + base.replace('"pad":""', `"pad":"${'x'.repeat(size - HEADER.length - base.length)}"`));
    expect(fill(MAX_DATAGRAM_BYTES).length).toBe(MAX_DATAGRAM_BYTES);
    expect(parseDatagram(fill(MAX_DATAGRAM_BYTES)).ok).toBe(true);
    expect(parseDatagram(fill(MAX_DATAGRAM_BYTES + 1))).toEqual({ ok: false, reason: 'too_large' });
  });

  it('survives a few thousand random datagrams without throwing', () => {
    const valid = Buffer.from(
      HEADER +
        JSON.stringify(
          segment({ subsegments: [{ name: 'db', id: 'fedcba9876543210', start_time: 100.6, end_time: 100.7 }] }),
        ),
    );
    for (let i = 0; i < 3000; i++) {
      const buf = i % 2 === 0 ? randomBytes(i % 700) : Buffer.from(valid);
      // Flip a few bytes of a valid datagram so the parser sees near-misses too.
      if (i % 2 === 1) for (let k = 0; k < 3; k++) buf[(i * 7919 + k * 104729) % buf.length] = (i + k) & 0xff;
      const result = parseDatagram(buf);
      expect(typeof result.ok).toBe('boolean');
    }
  });
});

describe('validateSegmentDocument', () => {
  it('accepts an in-progress segment without end_time', () => {
    expect(validateSegmentDocument(segment({ end_time: undefined, in_progress: true })).ok).toBe(true);
  });

  it('accepts an independent subsegment with trace_id and parent_id', () => {
    const doc = segment({ type: 'subsegment', parent_id: 'aaaaaaaaaaaaaaaa', namespace: 'remote' });
    expect(validateSegmentDocument(doc).ok).toBe(true);
  });

  it('accepts the full set of optional fields', () => {
    const doc = segment({
      parent_id: 'aaaaaaaaaaaaaaaa',
      origin: 'AWS::EC2::Instance',
      user: 'alice',
      error: true,
      throttle: true,
      http: {
        request: { method: 'POST', url: 'http://a/b', user_agent: 'ua', client_ip: '1.2.3.4', x_forwarded_for: true },
        response: { status: 429, content_length: 10 },
      },
      cause: {
        working_directory: '/w',
        paths: ['/w/a.js'],
        exceptions: [
          {
            id: 'bbbbbbbbbbbbbbbb',
            message: 'm',
            type: 'Error',
            remote: true,
            truncated: 1,
            skipped: 2,
            cause: 'cccccccccccccccc',
            stack: [{ path: 'a.js', line: 3, label: 'f' }],
          },
        ],
      },
      annotations: { user_id: 'u1', count: 3, flag: false },
      metadata: { default: { any: [1, { thing: null }] } },
      aws: { xray: { sdk: 'X-Ray for Node.js' } },
      service: { version: '1.0' },
      subsegments: [
        {
          name: 'notifications',
          id: '1111111111111111',
          start_time: 100.6,
          end_time: 100.9,
          namespace: 'remote',
          http: { request: { url: 'tcp://n', traced: true } },
          subsegments: [{ name: 'inner', id: '2222222222222222', start_time: 100.61, in_progress: true }],
        },
      ],
    });
    expect(validateSegmentDocument(doc)).toEqual({ ok: true, document: doc });
  });

  it("accepts the Node SDK's stack frames of native code, whose line is null", () => {
    const frame = { path: 'node', line: null, label: 'TCPConnectWrap.afterConnect [as oncomplete]' };
    expect(
      validateSegmentDocument(
        segment({
          fault: true,
          cause: {
            working_directory: '/w',
            exceptions: [{ message: 'connect ECONNREFUSED', type: 'Error', stack: [frame] }],
          },
        }),
      ).ok,
    ).toBe(true);
  });

  it('accepts a cause given as an exception id', () => {
    expect(validateSegmentDocument(segment({ cause: 'bbbbbbbbbbbbbbbb' })).ok).toBe(true);
  });

  it('rejects subsegments nested past the depth limit', () => {
    let sub: Record<string, unknown> = { name: 'leaf', id: '1111111111111111', start_time: 1, end_time: 2 };
    for (let i = 0; i < 40; i++)
      sub = { name: 'n', id: '1111111111111111', start_time: 1, end_time: 2, subsegments: [sub] };
    expect(validateSegmentDocument(segment({ subsegments: [sub] }))).toEqual({ ok: false, reason: 'too_deep' });
  });

  it('never throws on exotic objects', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
      },
    );
    expect(validateSegmentDocument(hostile)).toEqual({ ok: false, reason: 'bad_field_type' });
  });
});

describe('parseSegmentJson', () => {
  it('parses documents sent as strings by PutTraceSegments', () => {
    const json = JSON.stringify(segment());
    expect(parseSegmentJson(json)).toEqual({ ok: true, document: segment(), json });
    expect(parseSegmentJson('{oops')).toEqual({ ok: false, reason: 'bad_json' });
  });
});

describe('RejectCounters', () => {
  it('counts by reason', () => {
    const counters = new RejectCounters();
    counters.recordAccepted();
    counters.recordRejected('bad_json');
    counters.recordRejected('bad_json');
    counters.recordRejected('too_large');
    expect(counters.acceptedCount).toBe(1);
    expect(counters.rejectedCount).toBe(3);
    expect(counters.snapshot()).toMatchObject({ bad_json: 2, too_large: 1, bad_id: 0 });
  });
});
