import { SpanKind, StatusCode } from '../model/otlp-span';
import { attrs, otlpSpan, RESOURCE } from './span.fixture';
import { spanToEntity, type TranslatedSpan } from './span-to-entity';

function segment(t: TranslatedSpan) {
  if (t.kind !== 'segment') throw new Error(`expected a segment, got ${t.kind}`);
  return t.document;
}
function subsegment(t: TranslatedSpan) {
  if (t.kind !== 'subsegment') throw new Error(`expected a subsegment, got ${t.kind}`);
  return t;
}

describe('spanToEntity: the Collector X-Ray exporter rules, one by one', () => {
  describe('segment or subsegment', () => {
    it('a SERVER span is a segment named after service.name, its parent span id as parent_id', () => {
      const doc = segment(spanToEntity(otlpSpan(), RESOURCE));
      expect(doc).toMatchObject({
        name: 'orders',
        id: 'a'.repeat(16),
        parent_id: 'c'.repeat(16),
        trace_id: '1-6759f0a1-' + 'b'.repeat(24),
      });
      expect(doc.service).toEqual({ version: '2.0.1' });
    });
    it('any span without a parent is a segment, with no parent_id', () => {
      const doc = segment(spanToEntity(otlpSpan({ kind: SpanKind.internal, parentSpanId: '' }), RESOURCE));
      expect(doc.name).toBe('orders');
      expect(doc.parent_id).toBeUndefined();
    });
    it.each([SpanKind.internal, SpanKind.client, SpanKind.producer, SpanKind.consumer, SpanKind.unspecified])(
      'kind %i with a parent is a subsegment of that parent',
      (kind) => {
        const t = subsegment(spanToEntity(otlpSpan({ kind }), RESOURCE));
        expect(t.parentId).toBe('c'.repeat(16));
        expect(t.traceId).toBe('1-6759f0a1-' + 'b'.repeat(24));
      },
    );
    it('CLIENT and PRODUCER subsegments are remote; INTERNAL and CONSUMER are not', () => {
      expect(subsegment(spanToEntity(otlpSpan({ kind: SpanKind.client }), RESOURCE)).entity.namespace).toBe('remote');
      expect(subsegment(spanToEntity(otlpSpan({ kind: SpanKind.producer }), RESOURCE)).entity.namespace).toBe('remote');
      expect(
        subsegment(spanToEntity(otlpSpan({ kind: SpanKind.internal }), RESOURCE)).entity.namespace,
      ).toBeUndefined();
      expect(
        subsegment(spanToEntity(otlpSpan({ kind: SpanKind.consumer }), RESOURCE)).entity.namespace,
      ).toBeUndefined();
    });
    it('an AWS SDK call (rpc.system aws-api) is an aws subsegment named after rpc.service', () => {
      const t = subsegment(
        spanToEntity(
          otlpSpan({
            kind: SpanKind.client,
            name: 'DynamoDB.GetItem',
            attributes: attrs({ 'rpc.system': 'aws-api', 'rpc.service': 'DynamoDB' }),
          }),
          RESOURCE,
        ),
      );
      expect(t.entity).toMatchObject({ name: 'DynamoDB', namespace: 'aws' });
    });
  });

  describe('names', () => {
    it('a segment without service.name takes the span name', () => {
      expect(segment(spanToEntity(otlpSpan(), attrs({}))).name).toBe('GET /things');
    });
    it.each([
      [{ 'peer.service': 'inventory', 'rpc.service': 'Stock', 'server.address': 'inv.internal' }, 'inventory'],
      [{ 'rpc.service': 'Stock', 'server.address': 'inv.internal' }, 'Stock'],
      [{ 'server.address': 'inv.internal', 'net.peer.name': 'old' }, 'inv.internal'],
      [{ 'net.peer.name': 'old', 'http.host': 'h:1' }, 'old'],
      [{ 'http.host': 'h:1' }, 'h:1'],
      [{}, 'GET'],
    ])('a remote subsegment with %j is named %s', (attributes, name) => {
      expect(
        subsegment(
          spanToEntity(otlpSpan({ kind: SpanKind.client, name: 'GET', attributes: attrs(attributes) }), RESOURCE),
        ).entity.name,
      ).toBe(name);
    });
    it('an INTERNAL subsegment keeps the span name even with peer attributes', () => {
      expect(
        subsegment(
          spanToEntity(
            otlpSpan({ kind: SpanKind.internal, name: 'compute', attributes: attrs({ 'peer.service': 'x' }) }),
            RESOURCE,
          ),
        ).entity.name,
      ).toBe('compute');
    });
    it('names are cut to 200 characters without splitting a surrogate pair', () => {
      expect(segment(spanToEntity(otlpSpan(), attrs({ 'service.name': 'x'.repeat(500) }))).name).toHaveLength(200);
      const emoji = 'x'.repeat(199) + '😀';
      expect(segment(spanToEntity(otlpSpan(), attrs({ 'service.name': emoji }))).name).toBe('x'.repeat(199));
    });
  });

  describe('http', () => {
    it('from the old conventions, the URL rebuilt from scheme, host and target', () => {
      const attributes = attrs({
        'http.method': 'GET',
        'http.scheme': 'https',
        'http.host': 'shop.example',
        'http.target': '/a?b=1',
        'http.status_code': 200,
        'http.user_agent': 'curl/8',
        'http.client_ip': '10.0.0.1',
      });
      expect(segment(spanToEntity(otlpSpan({ attributes }), RESOURCE)).http).toEqual({
        request: { method: 'GET', url: 'https://shop.example/a?b=1', user_agent: 'curl/8', client_ip: '10.0.0.1' },
        response: { status: 200 },
      });
    });
    it('from the new conventions, url.full first', () => {
      const attributes = attrs({
        'http.request.method': 'POST',
        'url.full': 'http://inv:4000/stock',
        'server.address': 'inv',
        'http.response.status_code': '201',
        'user_agent.original': 'node',
        'client.address': '::1',
        'http.response.body.size': 12,
      });
      expect(subsegment(spanToEntity(otlpSpan({ kind: SpanKind.client, attributes }), RESOURCE)).entity.http).toEqual({
        request: { method: 'POST', url: 'http://inv:4000/stock', user_agent: 'node', client_ip: '::1' },
        response: { status: 201, content_length: 12 },
      });
    });
    it('a server URL rebuilt from the new conventions: scheme, server.address, a non-default port, path and query', () => {
      const attributes = attrs({
        'http.request.method': 'GET',
        'url.scheme': 'http',
        'server.address': 'api',
        'server.port': 8080,
        'url.path': '/x',
        'url.query': 'q=1',
      });
      expect(segment(spanToEntity(otlpSpan({ attributes }), RESOURCE)).http?.request?.url).toBe(
        'http://api:8080/x?q=1',
      );
    });
    it('a client URL rebuilt from net.peer.name and the default port', () => {
      const attributes = attrs({
        'http.method': 'GET',
        'net.peer.name': 'peer',
        'net.peer.port': 80,
        'http.target': '/p',
      });
      expect(
        subsegment(spanToEntity(otlpSpan({ kind: SpanKind.client, attributes }), RESOURCE)).entity.http?.request?.url,
      ).toBe('http://peer/p');
    });
    it('no http block for a span that is not HTTP; the HTTP attributes used do not repeat in metadata', () => {
      expect(
        segment(spanToEntity(otlpSpan({ attributes: attrs({ 'db.system': 'redis' }) }), RESOURCE)).http,
      ).toBeUndefined();
      const doc = segment(
        spanToEntity(
          otlpSpan({ attributes: attrs({ 'http.method': 'GET', 'http.status_code': 200, other: 1 }) }),
          RESOURCE,
        ),
      );
      expect(doc.metadata).toEqual({ default: { other: 1 } });
    });
  });

  describe('outcome', () => {
    const outcome = (status: number | undefined, code: number = StatusCode.unset) => {
      const attributes = status === undefined ? attrs({}) : attrs({ 'http.response.status_code': status });
      const { error, throttle, fault } = segment(
        spanToEntity(otlpSpan({ attributes, status: { code, message: '' } }), RESOURCE),
      );
      return { error, throttle, fault };
    };
    it.each([
      [200, StatusCode.unset, {}],
      [404, StatusCode.unset, { error: true }],
      [429, StatusCode.unset, { error: true, throttle: true }],
      [503, StatusCode.unset, { fault: true }],
      [404, StatusCode.error, { error: true }],
      [200, StatusCode.error, { fault: true }],
      [undefined, StatusCode.error, { fault: true }],
      [undefined, StatusCode.ok, {}],
    ])('HTTP %s with status code %i', (status, code, expected) => {
      expect(outcome(status, code)).toEqual({ error: undefined, throttle: undefined, fault: undefined, ...expected });
    });
  });

  describe('exceptions', () => {
    const stacktrace =
      'TypeError: bad\n    at compute (/app/compute.js:12:5)\n    at /app/main.js:3:1\n    at process (node:internal/x:1:2)';
    const exception = {
      name: 'exception',
      timeUnixNano: '1767000000200000000',
      attributes: attrs({
        'exception.type': 'TypeError',
        'exception.message': 'bad',
        'exception.stacktrace': stacktrace,
      }),
    };
    it('exception events become cause.exceptions with the stack parsed', () => {
      const doc = segment(
        spanToEntity(
          otlpSpan({
            events: [exception, { name: 'log', timeUnixNano: '1', attributes: attrs({}) }],
            status: { code: StatusCode.error, message: 'bad' },
          }),
          RESOURCE,
        ),
      );
      expect(doc.fault).toBe(true);
      expect(doc.cause).toEqual({
        exceptions: [
          {
            id: expect.stringMatching(/^[0-9a-f]{16}$/),
            type: 'TypeError',
            message: 'bad',
            stack: [
              { label: 'compute', path: '/app/compute.js', line: 12 },
              { path: '/app/main.js', line: 3 },
              { label: 'process', path: 'node:internal/x', line: 1 },
            ],
          },
        ],
      });
    });
    it('exceptions of CLIENT spans are remote', () => {
      const t = subsegment(spanToEntity(otlpSpan({ kind: SpanKind.client, events: [exception] }), RESOURCE));
      expect(typeof t.entity.cause === 'object' && t.entity.cause.exceptions?.[0].remote).toBe(true);
    });
    it('an ERROR status message without exception events still reaches cause', () => {
      const doc = segment(
        spanToEntity(otlpSpan({ status: { code: StatusCode.error, message: 'timed out' } }), RESOURCE),
      );
      expect(doc.cause).toEqual({ exceptions: [{ id: expect.any(String), message: 'timed out' }] });
    });
  });

  describe('annotations, metadata, user', () => {
    it('keys listed in aws.xray.annotations become annotations (other characters as _), the rest metadata.default', () => {
      const attributes = attrs({
        'aws.xray.annotations': ['customer', 'tier.level', 'nested', 'missing'],
        customer: 'acme',
        'tier.level': 3,
        nested: ['a'],
        other: true,
      });
      const doc = segment(spanToEntity(otlpSpan({ attributes }), RESOURCE));
      expect(doc.annotations).toEqual({ customer: 'acme', tier_level: 3 });
      expect(doc.metadata).toEqual({ default: { nested: ['a'], other: true } });
    });
    it('aws.xray.metadata.<ns> JSON strings become metadata.<ns>; a non-JSON string is kept as a string', () => {
      const attributes = attrs({
        'aws.xray.metadata.orders': '{"count":2}',
        'aws.xray.metadata.raw': 'not json',
        x: 1,
      });
      expect(segment(spanToEntity(otlpSpan({ attributes }), RESOURCE)).metadata).toEqual({
        orders: { count: 2 },
        raw: 'not json',
        default: { x: 1 },
      });
    });
    it('enduser.id becomes the segment user', () => {
      expect(segment(spanToEntity(otlpSpan({ attributes: attrs({ 'enduser.id': 'worf' }) }), RESOURCE)).user).toBe(
        'worf',
      );
    });
    it('a __proto__ attribute stays an own key (the validator refuses it), never a prototype', () => {
      const attributes = attrs({});
      attributes['__proto__'] = 'x';
      const doc = segment(spanToEntity(otlpSpan({ attributes }), RESOURCE));
      const meta = doc.metadata?.default as Record<string, unknown>;
      expect(Object.keys(meta)).toEqual(['__proto__']);
      expect(Object.hasOwn(meta, '__proto__') && meta['__proto__']).toBe('x');
      // Nothing inherited: no Object.prototype members behind the map.
      expect('toString' in meta || 'constructor' in meta).toBe(false);
    });
  });

  describe('times', () => {
    it('nanoseconds become seconds with the microseconds intact', () => {
      const doc = segment(spanToEntity(otlpSpan(), RESOURCE));
      expect(doc.start_time).toBe(1767000000.123456);
      expect(doc.end_time).toBe(1767000001.623456);
      expect(Math.round(((doc.end_time ?? 0) - doc.start_time) * 1e6)).toBe(1_500_000);
    });
  });
});
