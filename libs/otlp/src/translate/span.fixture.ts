import { type AttributeMap, emptyAttributes, type OtlpSpan, SpanKind } from '../model/otlp-span';

/** Attributes as the decoders hand them over (emptyAttributes()). */
export function attrs(values: Record<string, AttributeMap[string]>): AttributeMap {
  return Object.assign(emptyAttributes(), values);
}

/** A valid SERVER span with a parent, at 1767000000.123456789 for 1.5 s; override what a test is about. */
export function otlpSpan(overrides: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: '6759f0a1' + 'b'.repeat(24),
    spanId: 'a'.repeat(16),
    parentSpanId: 'c'.repeat(16),
    name: 'GET /things',
    kind: SpanKind.server,
    startTimeUnixNano: '1767000000123456789',
    endTimeUnixNano: '1767000001623456789',
    attributes: emptyAttributes(),
    events: [],
    status: { code: 0, message: '' },
    ...overrides,
  };
}

export const RESOURCE = attrs({ 'service.name': 'orders', 'service.version': '2.0.1' });
