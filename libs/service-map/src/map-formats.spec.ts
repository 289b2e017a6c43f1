import { dotString, formatMapDot } from './format-dot';
import { formatMapMermaid, mermaidText } from './format-mermaid';
import { formatMapTable } from './format-table';
import { CRUDDUR_GRAPH } from './graph.fixture';
import { formatDuration } from './number-format';
import { buildServiceMap } from './service-map';

const map = buildServiceMap(CRUDDUR_GRAPH);

describe('formatMapTable', () => {
  const table = formatMapTable(map);

  it('lists services and calls with counts, rate, latency and failure shares', () => {
    expect(table).toContain('last 10 min');
    expect(table).toMatch(/^service\s+calls\s+rate\s+avg\s+error\s+throttle\s+fault$/m);
    expect(table).toMatch(/^gateway \(service\)\s+20\s+2\.0\/min\s+20 ms\s+25%\s+0%\s+0%$/m);
    expect(table).toMatch(/^gateway -> activities\s+10\s+1\.0\/min\s+5\.0 ms\s+0%\s+0%\s+0%$/m);
    expect(table).toMatch(/^gateway -> <img src=x>"\s+2\s+0\.2\/min\s+3\.00 s\s+0%\s+0%\s+100%$/m);
  });

  it('replaces control characters so a name cannot move the cursor', () => {
    const evil = buildServiceMap({
      ...CRUDDUR_GRAPH,
      Services: [{ ...CRUDDUR_GRAPH.Services[2], Name: 'a\u001b[2Jb' }],
    });
    expect(formatMapTable(evil)).toContain('a?[2Jb (service)');
  });

  it('says so when there is no traffic', () => {
    expect(formatMapTable(buildServiceMap({ ...CRUDDUR_GRAPH, Services: [] }))).toContain('No traces in this window.');
  });
});

describe('formatMapMermaid', () => {
  const mermaid = formatMapMermaid(map);

  it('draws a left-to-right flowchart keyed by reference id', () => {
    expect(mermaid.split('\n')[0]).toBe('flowchart LR');
    expect(mermaid).toContain('n0(["client<br/>');
    expect(mermaid).toContain('n1["gateway<br/>avg 20 ms #183; 2.0/min #183; 25#37; error"]:::error');
    expect(mermaid).toContain('n1 -->|"10 calls #183; avg 5.0 ms #183; 1.0/min"| n2');
    expect(mermaid).toContain('classDef fault ');
  });

  it('escapes names into entities so they cannot close a label or inject HTML', () => {
    expect(mermaidText('<img src=x>"')).toBe('#60;img src#61;x#62;#34;');
    expect(mermaid).toContain('n3[/"#60;img src#61;x#62;#34;<br/>');
    expect(mermaid).not.toContain('<img');
  });
});

describe('formatMapDot', () => {
  const dot = formatMapDot(map);

  it('writes a digraph with rankdir LR and coloured nodes', () => {
    expect(dot).toMatch(/^digraph services \{\n {2}rankdir=LR;/);
    expect(dot).toContain(
      'n1 [label="gateway\\navg 20 ms · 2.0/min · 25% error", shape=box, color="#f9a825", penwidth=2];',
    );
    expect(dot).toContain('n1 -> n3 [label="2 calls\\navg 3.00 s · 0.2/min · 100% fault", color="#c62828"];');
  });

  it('escapes quotes, backslashes and line breaks in names', () => {
    expect(dotString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(dot).toContain('n3 [label="<img src=x>\\"\\n');
  });
});

describe('formatDuration', () => {
  it.each([
    [undefined, '-'],
    [0, '0 ms'],
    [0.0004, '0.40 ms'],
    [0.00099999, '1.0 ms'],
    [0.0042, '4.2 ms'],
    [0.0421, '42 ms'],
    [3, '3.00 s'],
    [42, '42.0 s'],
  ])('prints %p as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
