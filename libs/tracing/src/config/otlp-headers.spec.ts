import { parseOtlpHeaders } from './otlp-headers';

const parse = (text: string | undefined) => {
  const warnings: string[] = [];
  const headers = parseOtlpHeaders('OTEL_EXPORTER_OTLP_HEADERS', text, warnings);
  return { headers: Object.fromEntries(headers), warnings };
};

describe('parseOtlpHeaders', () => {
  it('reads comma-separated key=value pairs, blanks trimmed, names lowercased', () => {
    expect(parse(' Api-Key = secret1 ,x-tenant=acme')).toEqual({
      headers: { 'api-key': 'secret1', 'x-tenant': 'acme' },
      warnings: [],
    });
  });

  it('percent-decodes values (a comma, a space, "=" and non-ASCII Latin-1 included)', () => {
    expect(parse('authorization=Basic%20dXNlcjpwYXNz,list=a%2Cb,eq=a=b,latin=caf%C3%A9').headers).toEqual({
      authorization: 'Basic dXNlcjpwYXNz',
      list: 'a,b',
      eq: 'a=b',
      latin: 'café',
    });
  });

  it('nothing set, empty entries and an empty value', () => {
    expect(parse(undefined)).toEqual({ headers: {}, warnings: [] });
    expect(parse('')).toEqual({ headers: {}, warnings: [] });
    expect(parse(',a=1,, ,')).toEqual({ headers: { a: '1' }, warnings: [] });
    expect(parse('a=')).toEqual({ headers: { a: '' }, warnings: [] });
  });

  it('a later pair replaces an earlier one of the same name, whatever its case', () => {
    expect(parse('X-Key=1,x-key=2').headers).toEqual({ 'x-key': '2' });
  });

  it('skips each invalid entry with a warning naming its position and key, never its value', () => {
    const { headers, warnings } = parse(
      [
        'ok=1',
        'justsecretvalue',
        '=secret2',
        'bad name=secret3',
        'Content-Type=text/plain',
        'broken=%E0%A4%Asecret4',
        'crlf=a%0D%0Ainjected:secret5',
        'wide=%E2%82%AC',
        'also=2',
      ].join(','),
    );
    expect(headers).toEqual({ ok: '1', also: '2' });
    expect(warnings).toEqual([
      'OTEL_EXPORTER_OTLP_HEADERS: entry 2 is not key=value; skipped',
      'OTEL_EXPORTER_OTLP_HEADERS: entry 3 has no valid header name before "="; skipped',
      'OTEL_EXPORTER_OTLP_HEADERS: entry 4 has no valid header name before "="; skipped',
      'OTEL_EXPORTER_OTLP_HEADERS: entry 5 (content-type): set by the exporter itself; skipped',
      'OTEL_EXPORTER_OTLP_HEADERS: entry 6 (broken): the value is not valid percent-encoding; skipped',
      'OTEL_EXPORTER_OTLP_HEADERS: entry 7 (crlf): the value holds characters a header cannot carry; skipped',
      'OTEL_EXPORTER_OTLP_HEADERS: entry 8 (wide): the value holds characters a header cannot carry; skipped',
    ]);
    expect(warnings.join('\n')).not.toMatch(/secret/);
  });
});
