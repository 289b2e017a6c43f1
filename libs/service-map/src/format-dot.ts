import { callCount, statisticsLine } from './map-labels';
import type { ServiceMap } from './service-map';

const SHAPES = { client: 'oval', service: 'box', inferred: 'parallelogram' } as const;
const COLOURS = { ok: '#2e7d32', error: '#f9a825', throttle: '#7b1fa2', fault: '#c62828', idle: '#9e9e9e' } as const;

/** A double-quoted DOT string: backslashes and quotes escaped, line breaks as `\n` escapes. */
export function dotString(text: string): string {
  return `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r?\n|\r/g, '\\n')}"`;
}

/** Graphviz `digraph`, left to right; node ids are the API's ReferenceIds. */
export function formatMapDot(map: ServiceMap): string {
  const lines = [
    'digraph services {',
    '  rankdir=LR;',
    '  node [fontname="Helvetica", style=filled, fillcolor=white];',
  ];
  for (const node of map.nodes) {
    const label = dotString(`${node.name}\n${statisticsLine(node.stats)}`);
    lines.push(
      `  n${node.id} [label=${label}, shape=${SHAPES[node.kind]}, color=${dotString(COLOURS[node.health])}, penwidth=2];`,
    );
  }
  for (const edge of map.edges) {
    lines.push(
      `  n${edge.from} -> n${edge.to} [label=${dotString(`${callCount(edge.stats.total)}\n${statisticsLine(edge.stats)}`)}, color=${dotString(COLOURS[edge.health])}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
