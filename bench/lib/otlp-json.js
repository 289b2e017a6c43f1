// OTLP JSON bodies for the benchmarks (the repository's libraries only decode OTLP JSON): hex
// ids, int64 as decimal strings, attributes as key/value lists, as OpenTelemetry JS writes them.

function anyValueJson(value) {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number')
    return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (value === null) return {};
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValueJson) } };
  return { kvlistValue: { values: keyValuesJson(value) } };
}

function keyValuesJson(attributes) {
  return Object.keys(attributes).map((key) => ({ key, value: anyValueJson(attributes[key]) }));
}

/** An ExportTraceServiceRequest in OTLP JSON from @cruddur/otlp resource spans. */
function encodeJson(resourceSpans) {
  return JSON.stringify({
    resourceSpans: resourceSpans.map((rs) => ({
      resource: { attributes: keyValuesJson(rs.resource) },
      scopeSpans: [
        {
          scope: { name: 'bench' },
          spans: rs.spans.map((s) => ({
            traceId: s.traceId,
            spanId: s.spanId,
            ...(s.parentSpanId === '' ? {} : { parentSpanId: s.parentSpanId }),
            name: s.name,
            kind: s.kind,
            startTimeUnixNano: s.startTimeUnixNano,
            endTimeUnixNano: s.endTimeUnixNano,
            attributes: keyValuesJson(s.attributes),
            events: s.events.map((e) => ({
              timeUnixNano: e.timeUnixNano,
              name: e.name,
              attributes: keyValuesJson(e.attributes),
            })),
            status: s.status,
          })),
        },
      ],
    })),
  });
}

module.exports = { encodeJson };
