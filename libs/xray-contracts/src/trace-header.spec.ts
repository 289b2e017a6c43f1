import { prng } from './prng.fixture';
import { formatTraceHeader, MAX_TRACE_HEADER_LENGTH, parseTraceHeader, type TraceHeader } from './trace-header';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const PARENT = '53995c3f42cd8ad8';

/** `text` parsed, or a failed test naming the header that did not parse. */
function parsedHeader(text: string): TraceHeader {
  const parsed = parseTraceHeader(text);
  if (!parsed) throw new Error(`expected ${text} to parse`);
  return parsed;
}

describe('parseTraceHeader: valid forms', () => {
  it.each([
    [`Root=${ROOT}`, { root: ROOT }],
    [`Root=${ROOT};Parent=${PARENT};Sampled=1`, { root: ROOT, parent: PARENT, sampled: '1' }],
    [`Sampled=0;Parent=${PARENT};Root=${ROOT}`, { root: ROOT, parent: PARENT, sampled: '0' }],
    [`Root=${ROOT};Sampled=?`, { root: ROOT, sampled: '?' }],
    [` Root = ${ROOT} ; Parent=${PARENT} ;Sampled=1; `, { root: ROOT, parent: PARENT, sampled: '1' }],
    [`Self=1-67891234-12456789abcdef012345678;Root=${ROOT};Sampled=1`, { root: ROOT, sampled: '1' }],
    [
      `Root=${ROOT};Parent=${PARENT};Sampled=1;Lineage=a87bd80c:1|68fd508a:5`,
      { root: ROOT, parent: PARENT, sampled: '1', lineage: 'a87bd80c:1|68fd508a:5' },
    ],
    [`Root=${ROOT};Vendor=anything goes=here`, { root: ROOT }],
    [[`Root=${ROOT};Sampled=1`, 'Root=garbage'], { root: ROOT, sampled: '1' }],
  ])('%j', (input, expected) => {
    expect(parseTraceHeader(input)).toEqual({ parent: undefined, sampled: undefined, lineage: undefined, ...expected });
  });

  it('round-trips through formatTraceHeader', () => {
    for (const text of [
      `Root=${ROOT}`,
      `Root=${ROOT};Parent=${PARENT};Sampled=?`,
      `Root=${ROOT};Parent=${PARENT};Sampled=0;Lineage=a87bd80c:1`,
    ]) {
      const parsed = parsedHeader(text);
      expect(formatTraceHeader(parsed)).toBe(text);
      expect(parseTraceHeader(formatTraceHeader(parsed))).toEqual(parsed);
    }
  });

  it('formats in canonical order whatever the input order', () => {
    expect(formatTraceHeader(parsedHeader(`Sampled=1; Parent=${PARENT}; Root=${ROOT}`))).toBe(
      `Root=${ROOT};Parent=${PARENT};Sampled=1`,
    );
  });
});

describe('parseTraceHeader: malformed headers are ignored as a whole', () => {
  it.each([
    undefined,
    null,
    42,
    {},
    [],
    [42],
    '',
    ';;;',
    `root=${ROOT}`,
    `Root=${ROOT.toUpperCase()}`,
    `Root=1-5759E988-bd862e3fe1be46a994272793`,
    `Root=1-5759e988-bd862e3fe1be46a99427279`,
    `Root=1-5759e988-bd862e3fe1be46a9942727930`,
    `Root=2-5759e988-bd862e3fe1be46a994272793`,
    `Root=${ROOT};Root=${ROOT}`,
    `Root=${ROOT};Parent=${PARENT};Parent=${PARENT}`,
    `Root=${ROOT};Parent=53995C3F42CD8AD8`,
    `Root=${ROOT};Parent=53995c3f42cd8ad`,
    `Root=${ROOT};Sampled=2`,
    `Root=${ROOT};Sampled=true`,
    `Root=${ROOT};Sampled=1;Sampled=0`,
    `Root=${ROOT};Parent`,
    `Root=${ROOT};=1`,
    `Parent=${PARENT};Sampled=1`,
    `Root`,
    `Root=${ROOT}\r\nSet-Cookie: a=b`,
    `Root=${ROOT};Sampled=1\r\nX-Evil: 1`,
    `Root=${ROOT};Lineage=a b`,
    `Root=${ROOT};Lineage=<script>`,
    `Root=${ROOT};Lineage=${'a'.repeat(201)}`,
    `Root=${ROOT};Lineage=x;Lineage=y`,
    `Root=${ROOT};${'x'.repeat(MAX_TRACE_HEADER_LENGTH)}`,
  ])('malformed #%#', (input) => {
    expect(parseTraceHeader(input)).toBeUndefined();
  });

  it('never throws on thousands of generated headers, and only validated parts reach the output', () => {
    const random = prng(20261122);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const hex = (n: number, digits = '0123456789abcdef') => Array.from({ length: n }, () => pick([...digits])).join('');
    const noise = (n: number) => String.fromCharCode(...Array.from({ length: n }, () => Math.floor(random() * 0xffff)));
    const pieces = [
      () => `Root=1-${hex(8)}-${hex(24)}`,
      () => `Root=1-${hex(pick([7, 8, 9]))}-${hex(pick([23, 24, 25]))}`,
      () => `Root=1-${hex(8, '0123456789ABCDEF')}-${hex(24)}`,
      () => `Parent=${hex(pick([15, 16, 17]))}`,
      () => `Sampled=${pick(['0', '1', '?', '2', '', 'yes', '1\r\n'])}`,
      () => `Lineage=${pick([hex(8) + ':1', noise(5), 'a|b,c:d'])}`,
      () => pick(['Self=1-x', 'Root', 'Parent', '=', ';', ' ', '\r\n', '\u0000', '\u2028', 'X=Y']),
      () => noise(Math.floor(random() * 20)),
    ];
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(pieces)()).join(
        pick([';', '; ', ';;', ' ']),
      );
      const input = random() < 0.05 ? [text] : random() < 0.05 ? text.repeat(40) : text;
      let parsed: ReturnType<typeof parseTraceHeader>;
      expect(() => (parsed = parseTraceHeader(input))).not.toThrow();
      if (parsed === undefined) continue;
      accepted++;
      const formatted = formatTraceHeader(parsed);
      expect(formatted).toMatch(
        /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}(;Parent=[0-9a-f]{16})?(;Sampled=[01?])?(;Lineage=[A-Za-z0-9:|,-]{1,200})?$/,
      );
      expect(parseTraceHeader(formatted)).toEqual(parsed);
    }
    // The generator must exercise both paths, or this test proves nothing.
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(4900);
  });

  it('ignores a header over the size limit even when it is otherwise valid', () => {
    const padded = `Root=${ROOT};Sampled=1;${' '.repeat(MAX_TRACE_HEADER_LENGTH)}`;
    expect(parseTraceHeader(padded)).toBeUndefined();
    expect(parseTraceHeader(padded.slice(0, MAX_TRACE_HEADER_LENGTH))).toEqual({
      root: ROOT,
      sampled: '1',
      parent: undefined,
      lineage: undefined,
    });
  });
});
