import { callCount, statisticsLine } from './map-labels';
import type { ServiceMap } from './service-map';

const SHAPES = { client: ['(["', '"])'], service: ['["', '"]'], inferred: ['[/"', '"/]'] } as const;
const CLASSES = {
  ok: 'fill:#e8f5e9,stroke:#2e7d32',
  error: 'fill:#fff8e1,stroke:#f9a825',
  throttle: 'fill:#f3e5f5,stroke:#7b1fa2',
  fault: 'fill:#ffebee,stroke:#c62828',
  idle: 'fill:#f5f5f5,stroke:#9e9e9e',
} as const;

/**
 * Text inside a quoted Mermaid label. Mermaid reads `#name;` / `#code;` entities and renders
 * labels as HTML, so anything beyond plain characters becomes a numeric entity: quotes cannot
 * end the label and `<img ...>` in a service name stays text.
 */
export function mermaidText(text: string): string {
  return [...text].map((char) => (/[A-Za-z0-9 _.,:/@()+-]/.test(char) ? char : `#${char.codePointAt(0)};`)).join('');
}

/** `flowchart LR`; node ids are the API's ReferenceIds, so names never reach the syntax. */
export function formatMapMermaid(map: ServiceMap): string {
  const lines = ['flowchart LR'];
  for (const node of map.nodes) {
    const [open, close] = SHAPES[node.kind];
    lines.push(
      `  n${node.id}${open}${mermaidText(node.name)}<br/>${mermaidText(statisticsLine(node.stats))}${close}:::${node.health}`,
    );
  }
  for (const edge of map.edges)
    lines.push(
      `  n${edge.from} -->|"${mermaidText(`${callCount(edge.stats.total)} · ${statisticsLine(edge.stats)}`)}"| n${edge.to}`,
    );
  for (const [health, style] of Object.entries(CLASSES)) lines.push(`  classDef ${health} ${style}`);
  return `${lines.join('\n')}\n`;
}
