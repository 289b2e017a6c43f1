import { Writer } from 'protobufjs';
import { type AttributeMap, SpanKind, StatusCode } from '../model/otlp-span';
import { OtlpTraceSchema } from '../schema/otlp-trace-schema';
import { checkSpan } from '../translate/span-check';
import { captureSampleExport } from '../testing/otel-export.fixture';
import { decodeTraceRequestJson } from './decode-json';
import { decodeTraceRequestProtobuf } from './decode-protobuf';
import { OtlpDecodeError } from './otlp-decode-error';

/** `map` holds exactly `entries` as own keys, inherits nothing, and nothing leaked into Object.prototype. */
function expectOwnKeysOnly(map: AttributeMap, entries: [string, unknown][]): void {
  expect(Object.keys(map)).toEqual(entries.map(([key]) => key));
  for (const [key, value] of entries) {
    expect(Object.hasOwn(map, key)).toBe(true);
    expect(map[key]).toEqual(value);
  }
  expect(map.toString).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

const traceId = (n: number) => n.toString(16).padStart(32, '0');
const spanId = (n: number) => (0xa0 + n).toString(16).padStart(16, '0');

describe('decoders on bodies from the real OpenTelemetry JS exporter', () => {
  let protobuf: Buffer;
  let json: Buffer;
  beforeAll(async () => {
    const [p, j] = await Promise.all([captureSampleExport('protobuf'), captureSampleExport('json')]);
    expect(p.contentType).toBe('application/x-protobuf');
    expect(j.contentType).toBe('application/json');
    protobuf = p.body;
    json = j.body;
  });

  it('protobuf: every field where the SDK put it (a wrong field number cannot pass)', () => {
    const [batch] = decodeTraceRequestProtobuf(protobuf);
    expect(batch.resource['service.name']).toBe('otel-sample');
    const byName = new Map(batch.spans.map((s) => [s.name, s]));
    expect(byName.get('GET /things')).toEqual({
      traceId: traceId(1),
      spanId: spanId(1),
      parentSpanId: '',
      name: 'GET /things',
      kind: SpanKind.server,
      startTimeUnixNano: '1767000000123456789',
      endTimeUnixNano: '1767000000400000001',
      attributes: expect.objectContaining({
        'http.method': 'GET',
        'http.status_code': 404,
        'aws.xray.annotations': ['customer', 'tier-level'],
        'tier-level': 3,
        ratio: 0.25,
        flags: [true, false],
      }),
      events: [],
      status: { code: StatusCode.unset, message: '' },
    });
    expect(byName.get('GET')).toMatchObject({
      traceId: traceId(1),
      spanId: spanId(2),
      parentSpanId: spanId(1),
      kind: SpanKind.client,
      status: { code: StatusCode.error },
    });
    expect(byName.get('compute')).toMatchObject({
      parentSpanId: spanId(1),
      kind: SpanKind.internal,
      status: { code: StatusCode.error, message: 'bad thing' },
      events: [
        {
          name: 'exception',
          timeUnixNano: '1767000000320000000',
          attributes: expect.objectContaining({ 'exception.type': 'TypeError' }),
        },
      ],
    });
    expect(byName.get('orders process')).toMatchObject({
      traceId: traceId(2),
      kind: SpanKind.consumer,
      endTimeUnixNano: '1767000001000005000',
    });
  });

  it('OTLP JSON: the same spans as protobuf (hex ids, integer enums, int64 strings)', () => {
    expect(decodeTraceRequestJson(json.toString('utf8'))).toEqual(decodeTraceRequestProtobuf(protobuf));
  });
});

describe('decodeTraceRequestJson', () => {
  const body = (span: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 's' } }] },
          scopeSpans: [{ spans: [span] }],
          ...extra,
        },
      ],
    });
  const good = {
    traceId: 'ABCDEF0123456789abcdef0123456789',
    spanId: '0123456789ABCDEF',
    name: 'x',
    kind: 2,
    startTimeUnixNano: '1767000000000000001',
    endTimeUnixNano: 1767000000000,
  };

  it('hex ids case-insensitively; times from strings or numbers; unknown fields ignored', () => {
    const [{ spans }] = decodeTraceRequestJson(body({ ...good, futureField: { a: 1 } }, { futureField: 1 }));
    expect(spans[0]).toMatchObject({
      traceId: 'abcdef0123456789abcdef0123456789',
      spanId: '0123456789abcdef',
      kind: 2,
      startTimeUnixNano: '1767000000000000001',
      endTimeUnixNano: '1767000000000',
    });
  });

  it('a base64 id (what a generic proto3 JSON encoder writes) is refused, never read as other bytes', () => {
    const base64 = Buffer.from(good.traceId, 'hex').toString('base64');
    const [{ spans }] = decodeTraceRequestJson(
      body({ ...good, traceId: base64, spanId: Buffer.from(good.spanId, 'hex').toString('base64') }),
    );
    expect(checkSpan(spans[0])).toEqual({
      ok: false,
      reason: 'bad_trace_id',
      message: expect.stringContaining('not base64'),
    });
    const [{ spans: onlySpanId }] = decodeTraceRequestJson(
      body({ ...good, spanId: Buffer.from(good.spanId, 'hex').toString('base64') }),
    );
    expect(checkSpan(onlySpanId[0])).toMatchObject({ ok: false, reason: 'bad_id' });
  });

  it('int64 attribute values as strings or numbers, exact beyond 2^53; enum names accepted', () => {
    const attributes = [
      { key: 'small', value: { intValue: '42' } },
      { key: 'number', value: { intValue: 7 } },
      { key: 'big', value: { intValue: '1152921504606846977' } },
      { key: 'nan', value: { doubleValue: 'NaN' } },
      { key: 'kv', value: { kvlistValue: { values: [{ key: 'a', value: { boolValue: true } }] } } },
      { key: 'empty', value: {} },
    ];
    const [{ spans }] = decodeTraceRequestJson(
      body({ ...good, kind: 'SPAN_KIND_CLIENT', status: { code: 'STATUS_CODE_ERROR' }, attributes }),
    );
    expect(spans[0].kind).toBe(SpanKind.client);
    expect(spans[0].status.code).toBe(StatusCode.error);
    expect({ ...spans[0].attributes }).toEqual({
      small: 42,
      number: 7,
      big: '1152921504606846977',
      nan: 'NaN',
      kv: { a: true },
      empty: null,
    });
  });

  it.each([
    ['not JSON', '{"resourceSpans": [', 'not valid JSON'],
    ['not an object', '[1,2]', 'body: expected an object'],
    ['resourceSpans not an array', '{"resourceSpans":{}}', 'resourceSpans: expected an array'],
    [
      'a span name of the wrong type',
      body({ ...good, name: 5 }),
      'resourceSpans[0].scopeSpans[0].spans[0].name: expected a string',
    ],
    [
      'an attribute value of the wrong type',
      body({ ...good, attributes: [{ key: 'a', value: { boolValue: 'yes' } }] }),
      'boolValue: expected a boolean',
    ],
    ['a kind that is no enum', body({ ...good, kind: 2.5 }), 'kind: expected an integer enum value'],
    [
      'an attribute that is no key/value object',
      body({ ...good, attributes: [{ key: 'a', value: { intValue: '1' } }, 7] }),
      'resourceSpans[0].scopeSpans[0].spans[0].attributes[1]: expected an object',
    ],
    [
      'an attribute key of the wrong type',
      body({ ...good, attributes: [{ key: 1, value: {} }] }),
      'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].key: expected a string',
    ],
    [
      'a nested attribute value of the wrong type',
      body({
        ...good,
        attributes: [
          {
            key: 'a',
            value: {
              kvlistValue: { values: [{ key: 'b', value: { arrayValue: { values: [{}, { intValue: 1.5 }] } } }] },
            },
          },
        ],
      }),
      'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.kvlistValue.values[0].value.arrayValue.values[1].intValue: expected an integer or a decimal string',
    ],
    [
      'an event attribute of the wrong type',
      body({ ...good, events: [{}, { name: 'e', attributes: [{ key: 'a', value: { doubleValue: 'many' } }] }] }),
      'resourceSpans[0].scopeSpans[0].spans[0].events[1].attributes[0].value.doubleValue: expected a number',
    ],
    [
      'a resource attribute list that is no array',
      JSON.stringify({ resourceSpans: [{}, { resource: { attributes: {} } }] }),
      'resourceSpans[1].resource.attributes: expected an array',
    ],
    [
      'the first bad field of several (in field order)',
      body({ ...good, spanId: 5, events: 'none', status: { message: 1 } }),
      'resourceSpans[0].scopeSpans[0].spans[0].spanId: expected a string',
    ],
  ])('%s is an OtlpDecodeError naming where', (_what, text, message) => {
    expect(() => decodeTraceRequestJson(text)).toThrow(OtlpDecodeError);
    expect(() => decodeTraceRequestJson(text)).toThrow(message);
  });

  it('attribute keys such as __proto__ and constructor are own keys, never a prototype or an inherited value', () => {
    const [{ spans, resource }] = decodeTraceRequestJson(
      body(
        {
          ...good,
          attributes: [
            { key: '__proto__', value: { kvlistValue: { values: [{ key: 'polluted', value: { boolValue: true } }] } } },
            { key: 'constructor', value: { stringValue: 'c' } },
          ],
        },
        { resource: { attributes: [{ key: '__proto__', value: { stringValue: 'r' } }] } },
      ),
    );
    expectOwnKeysOnly(spans[0].attributes, [
      ['__proto__', { polluted: true }],
      ['constructor', 'c'],
    ]);
    expectOwnKeysOnly(resource, [['__proto__', 'r']]);
  });

  it('attribute values nested past the depth limit are refused', () => {
    let value: Record<string, unknown> = { stringValue: 'leaf' };
    for (let i = 0; i < 40; i++) value = { arrayValue: { values: [value] } };
    expect(() => decodeTraceRequestJson(body({ ...good, attributes: [{ key: 'deep', value }] }))).toThrow(
      'nest deeper',
    );
  });
});

describe('decodeTraceRequestProtobuf', () => {
  const T = OtlpTraceSchema.ExportTraceServiceRequest;
  const encode = (object: Record<string, unknown>) => Buffer.from(T.encode(T.fromObject(object)).finish());

  it('an empty body is an empty request', () => {
    expect(decodeTraceRequestProtobuf(Buffer.alloc(0))).toEqual([]);
  });

  it.each([
    ['garbage', Buffer.from('ffffffffffffffff', 'hex')],
    [
      'a truncated message',
      encode({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'a long enough span name' }] }] }] }).subarray(0, 12),
    ],
    ['a length past the end', Buffer.from('0a7f0a02', 'hex')],
  ])('%s is an OtlpDecodeError', (_what, bytes) => {
    expect(() => decodeTraceRequestProtobuf(bytes)).toThrow(OtlpDecodeError);
  });

  it('a field with the wrong wire type is skipped as unknown (protobuf rules), so the span lacks it and is refused later', () => {
    // Span.trace_id (field 1) sent as a varint instead of bytes.
    const span = Buffer.from('0801', 'hex');
    const scope = Buffer.concat([Buffer.from([0x12, span.length]), span]);
    const resource = Buffer.concat([Buffer.from([0x12, scope.length]), scope]);
    const body = Buffer.concat([Buffer.from([0x0a, resource.length]), resource]);
    const [{ spans }] = decodeTraceRequestProtobuf(body);
    expect(spans[0].traceId).toBe('');
    expect(checkSpan(spans[0])).toMatchObject({ ok: false, reason: 'bad_trace_id' });
  });

  it("an attribute holding its type's default (false, 0, empty string) keeps it: presence is what came on the wire", () => {
    const attributes = [
      { key: 'no', value: { boolValue: false } },
      { key: 'zero', value: { intValue: 0 } },
      { key: 'zeroDouble', value: { doubleValue: 0 } },
      { key: 'empty', value: { stringValue: '' } },
      { key: 'unset', value: {} },
    ];
    const [{ spans }] = decodeTraceRequestProtobuf(
      encode({ resourceSpans: [{ scopeSpans: [{ spans: [{ attributes }] }] }] }),
    );
    expect({ ...spans[0].attributes }).toEqual({ no: false, zero: 0, zeroDouble: 0, empty: '', unset: null });
  });

  it('attribute keys such as __proto__ and constructor are own keys, never a prototype or an inherited value', () => {
    const attributes = [
      { key: '__proto__', value: { kvlistValue: { values: [{ key: 'polluted', value: { boolValue: true } }] } } },
      { key: 'constructor', value: { stringValue: 'c' } },
    ];
    const [{ spans, resource }] = decodeTraceRequestProtobuf(
      encode({
        resourceSpans: [
          {
            resource: { attributes: [{ key: '__proto__', value: { stringValue: 'r' } }] },
            scopeSpans: [{ spans: [{ attributes }] }],
          },
        ],
      }),
    );
    expectOwnKeysOnly(spans[0].attributes, [
      ['__proto__', { polluted: true }],
      ['constructor', 'c'],
    ]);
    expectOwnKeysOnly(resource, [['__proto__', 'r']]);
  });

  it('int64 attributes past 2^53 stay exact; bytes values become base64', () => {
    const attributes = [
      { key: 'big', value: { intValue: '9007199254740993' } },
      { key: 'bytes', value: { bytesValue: Buffer.from([1, 2, 3]) } },
    ];
    const [{ spans }] = decodeTraceRequestProtobuf(
      encode({ resourceSpans: [{ scopeSpans: [{ spans: [{ attributes }] }] }] }),
    );
    expect({ ...spans[0].attributes }).toEqual({ big: '9007199254740993', bytes: 'AQID' });
  });

  it('nesting past the limit is refused (protobufjs stops at 100 messages, the decoder at 16 value levels)', () => {
    let value: Record<string, unknown> = { stringValue: 'leaf' };
    for (let i = 0; i < 20; i++) value = { arrayValue: { values: [value] } };
    const body = encode({ resourceSpans: [{ scopeSpans: [{ spans: [{ attributes: [{ key: 'deep', value }] }] }] }] });
    expect(() => decodeTraceRequestProtobuf(body)).toThrow('nest deeper');
    // Written field by field: protobufjs refuses to encode past its own limit. AnyValue.kvlist_value
    // (6) > KeyValueList.values (1) > KeyValue.value (2) > AnyValue ..., 200 times.
    const field = (n: number, bytes: Uint8Array) =>
      Writer.create()
        .uint32((n << 3) | 2)
        .bytes(bytes)
        .finish();
    let deeper: Uint8Array = field(1, Buffer.from('leaf'));
    for (let i = 0; i < 200; i++) deeper = field(6, field(1, field(2, deeper)));
    const tooDeep = field(1, field(2, field(2, field(9, field(2, deeper)))));
    expect(() => decodeTraceRequestProtobuf(tooDeep)).toThrow('max depth exceeded');
  });
});
