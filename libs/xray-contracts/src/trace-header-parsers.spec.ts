import { formatTraceHeader } from './trace-header';
import { parseAnyTraceHeader, parseCanonicalTraceHeader } from './trace-header-parsers';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const PARENT = '53995c3f42cd8ad8';

const canonical = [
  `Root=${ROOT}`,
  `Root=${ROOT};Parent=${PARENT}`,
  `Root=${ROOT};Sampled=1`,
  `Root=${ROOT};Parent=${PARENT};Sampled=0`,
  `Root=${ROOT};Parent=${PARENT};Sampled=?`,
];

const others = [
  `Root=${ROOT};Parent=${PARENT};Sampled=1;Lineage=a87bd80c:1|68fd508a:5`,
  `Sampled=1;Root=${ROOT};Parent=${PARENT}`,
  ` Root=${ROOT} ; Parent=${PARENT} ;Sampled=1 `,
  `Root=${ROOT};Parent=${PARENT};Sampled=1;`,
  `Root=${ROOT};Self=1-5759e988-bd862e3fe1be46a994272794;Parent=${PARENT}`,
  `Root=${ROOT};Parent=${PARENT};Sampled=2`,
  `Root=${ROOT};Parent=${PARENT.toUpperCase()};Sampled=1`,
  `Root=${ROOT.toUpperCase()}`,
  `Root=${ROOT}x`,
  `Root=${ROOT};Parent=${PARENT}0`,
  `Root=${ROOT};Sampled=1;Parent=${PARENT}`,
  `Root=${ROOT};Sampled=1;Sampled=0`,
  `Root=${ROOT};Parent=${PARENT};Parent=${PARENT}`,
  `Root=${ROOT.slice(0, -1)}`,
  `Root=${ROOT};Parent=;Sampled=1`,
  `Root=;Sampled=1`,
  'Root=',
  '',
];

describe('parseCanonicalTraceHeader against parseAnyTraceHeader', () => {
  it.each(canonical)('reads the canonical form %s as the general reader does', (value) => {
    const fast = parseCanonicalTraceHeader(value);
    expect(fast).toBeDefined();
    expect(fast).toEqual(parseAnyTraceHeader(value));
  });

  it.each(others)('leaves %j to the general reader (or reads it alike)', (value) => {
    const fast = parseCanonicalTraceHeader(value);
    if (fast !== undefined) expect(fast).toEqual(parseAnyTraceHeader(value));
  });

  it('agrees on every header formatted from parsed parts', () => {
    for (const value of canonical) {
      const parsed = parseAnyTraceHeader(value);
      expect(parsed).toBeDefined();
      if (parsed) expect(parseCanonicalTraceHeader(formatTraceHeader(parsed))).toEqual(parsed);
    }
  });

  it('never disagrees on any single-character edit of these headers', () => {
    const alphabet = 'Root=ParentSampled;=-0123456789abcdefABCDEF? |:,x';
    const edits = (value: string) =>
      Array.from({ length: value.length + 1 }, (_, at) => [
        value.slice(0, at) + value.slice(at + 1),
        ...[...alphabet].flatMap((char) => [
          value.slice(0, at) + char + value.slice(at + 1),
          value.slice(0, at) + char + value.slice(at),
        ]),
      ]).flat();
    let read = 0;
    for (const value of [...canonical, ...others].flatMap(edits)) {
      const fast = parseCanonicalTraceHeader(value);
      if (fast === undefined) continue;
      read++;
      if (JSON.stringify(fast) !== JSON.stringify(parseAnyTraceHeader(value)))
        throw new Error(`the readers disagree on ${JSON.stringify(value)}`);
    }
    // The edits that keep the canonical form (a different hex digit, flag...) were read by both.
    expect(read).toBeGreaterThan(1000);
  });
});
