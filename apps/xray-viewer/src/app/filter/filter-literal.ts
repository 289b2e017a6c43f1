/** A filter-language string literal: quoted, with `\` and `"` escaped (the only escapes it knows). */
export function filterString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The traces through one service: `service("name")`. */
export function serviceFilter(name: string): string {
  return `service(${filterString(name)})`;
}

/** The traces with a call from one service to another: `edge("a", "b")`. */
export function edgeFilter(from: string, to: string): string {
  return `edge(${filterString(from)}, ${filterString(to)})`;
}
