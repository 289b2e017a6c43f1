import { formatTraceHeader } from './trace-header';
import { parseAnyTraceHeader, parseCanonicalTraceHeader } from './trace-header-parsers';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const PARENT = '53995c3f42cd8ad8';

/** A deterministic pseudo-random sequence, so a failure names a reproducible input. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

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

  it('never disagrees on 20,000 random mutations of valid headers', () => {
    const next = random(7);
    const alphabet = 'Root=ParentSampled;=-0123456789abcdefABCDEF? |:,x';
    const seeds = [...canonical, ...others];
    for (let i = 0; i < 20000; i++) {
      let value = seeds[Math.floor(next() * seeds.length)];
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
        const at = Math.floor(next() * (value.length + 1));
        const char = alphabet[Math.floor(next() * alphabet.length)];
        const kind = next();
        if (kind < 0.4) value = value.slice(0, at) + char + value.slice(at + 1);
        else if (kind < 0.7) value = value.slice(0, at) + char + value.slice(at);
        else value = value.slice(0, at) + value.slice(at + 1);
      }
      const fast = parseCanonicalTraceHeader(value);
      if (fast !== undefined && JSON.stringify(fast) !== JSON.stringify(parseAnyTraceHeader(value)))
        throw new Error(`the readers disagree on ${JSON.stringify(value)}`);
    }
  });
});
