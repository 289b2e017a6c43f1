import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

const COLOURS = [36, 35, 33, 32, 34, 31];

/** `[name]` padded to `width` and coloured when the terminal supports it. */
export function prefixFor(name: string, index: number, width: number, colour: boolean): string {
  const label = `[${name}]`.padEnd(width + 2);
  return colour ? `\x1b[${COLOURS[index % COLOURS.length]}m${label}\x1b[0m` : label;
}

/** Copies a child's output line by line, each line behind its service's prefix. */
export function pipeWithPrefix(stream: Readable, prefix: string, write: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => write(`${prefix} ${line}\n`));
}
