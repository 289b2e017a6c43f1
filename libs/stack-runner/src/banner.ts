import type { ServiceSpec } from './service-spec';

/** What the user reads once the stack is up. */
export function banner(specs: ServiceSpec[], extra: string[] = []): string {
  const width = Math.max(...specs.map((s) => s.name.length));
  const lines = [
    '',
    'Cruddur is up:',
    ...specs.map((s) => `  ${s.name.padEnd(width)}  ${s.url}`),
    ...extra,
    '  Ctrl-C stops everything.',
    '',
  ];
  return lines.join('\n') + '\n';
}
