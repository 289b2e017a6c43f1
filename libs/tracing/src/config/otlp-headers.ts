/** An HTTP header name (RFC 9110 token). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What an HTTP header value may hold (Node's http refuses anything else, CR and LF above all). */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers the exporter writes itself: one from the environment would misdescribe the body. */
const OWN_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'transfer-encoding']);

/**
 * Headers for every OTLP export request from one variable in OpenTelemetry's format
 * (`OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_EXPORTER_OTLP_TRACES_HEADERS`): comma-separated
 * `key=value` pairs, blanks around keys and values ignored, values percent-decoded (`%20` a
 * space, `%2C` a comma). Names are lowercased (HTTP names are case-insensitive); a later pair
 * replaces an earlier one. An entry that is not such a pair is skipped with a warning that names
 * the entry's position and key, never its value (headers usually carry credentials).
 */
export function parseOtlpHeaders(variable: string, text: string | undefined, warnings: string[]): Map<string, string> {
  const headers = new Map<string, string>();
  const entries = (text ?? '').split(',');
  entries.forEach((entry, i) => {
    if (entry.trim() === '') return;
    const where = `${variable}: entry ${i + 1}`;
    const equals = entry.indexOf('=');
    if (equals < 0) return warnings.push(`${where} is not key=value; skipped`);
    const key = entry.slice(0, equals).trim();
    if (!TOKEN.test(key)) return warnings.push(`${where} has no valid header name before "="; skipped`);
    const name = key.toLowerCase();
    if (OWN_HEADERS.has(name)) return warnings.push(`${where} (${name}): set by the exporter itself; skipped`);
    let value: string;
    try {
      value = decodeURIComponent(entry.slice(equals + 1).trim());
    } catch {
      return warnings.push(`${where} (${name}): the value is not valid percent-encoding; skipped`);
    }
    if (!FIELD_VALUE.test(value))
      return warnings.push(`${where} (${name}): the value holds characters a header cannot carry; skipped`);
    headers.set(name, value);
  });
  return headers;
}
