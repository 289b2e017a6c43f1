/** Where a filter expression failed to parse, for showing a caret under it. */
export interface FilterErrorMark {
  /** 0-based offset into the expression, clamped to its length (the end when input ran out). */
  readonly position: number;
  readonly problem: string;
  /** Spaces up to the position, then `^`: aligned with the expression in a monospace font. */
  readonly caretLine: string;
}

const POSITION = /^Invalid filter expression at position (\d+): (.*)$/s;

/**
 * Reads the position out of the API's message ("Invalid filter expression at position N: ...",
 * written by the backend's FilterSyntaxError). Undefined for other errors.
 */
export function filterErrorMark(expression: string, message: string): FilterErrorMark | undefined {
  const match = POSITION.exec(message);
  if (match === null) return undefined;
  const position = Math.min(Number(match[1]), expression.length);
  return { position, problem: match[2], caretLine: `${' '.repeat(position)}^` };
}
