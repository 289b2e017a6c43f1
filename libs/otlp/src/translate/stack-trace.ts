import type { StackFrame } from '@cruddur/xray-contracts';

/** X-Ray keeps this many frames of a stack; the rest are counted in `truncated`. */
export const MAX_STACK_FRAMES = 50;

// `at label (path:line:col)`, `at path:line:col` (Node, also Java's `at pkg.Cls.m(File.java:12)`).
const AT_WITH_LABEL = /^\s*at\s+(.*?)\s*\((.*?)(?::(\d+))?(?::\d+)?\)\s*$/;
const AT_PATH_ONLY = /^\s*at\s+(.*?)(?::(\d+))?(?::\d+)?\s*$/;
// Python: `File "app.py", line 12, in handler`.
const PYTHON_FRAME = /^\s*File "(.*)", line (\d+), in (.*)$/;
const LOOKS_LIKE_FRAME = /^\s*(at\s|File ")/;
// Longer lines are not parsed: the patterns above backtrack, and no real frame is this long.
const MAX_FRAME_LINE = 2000;

function frame(line: string): StackFrame | undefined {
  if (line.length > MAX_FRAME_LINE) return undefined;
  const labelled = AT_WITH_LABEL.exec(line);
  if (labelled !== null) return withLine({ label: labelled[1], path: labelled[2] }, labelled[3]);
  const python = PYTHON_FRAME.exec(line);
  if (python !== null) return withLine({ label: python[3], path: python[1] }, python[2]);
  const bare = AT_PATH_ONLY.exec(line);
  if (bare !== null) return withLine({ path: bare[1] }, bare[2]);
  return undefined;
}

function withLine(f: StackFrame, line: string | undefined): StackFrame {
  return line === undefined ? f : { ...f, line: Number(line) };
}

/** The frames of an `exception.stacktrace` (Node, Java or Python form); other lines are skipped. */
export function parseStackTrace(text: string): { stack: StackFrame[]; truncated?: number } {
  const stack: StackFrame[] = [];
  let truncated = 0;
  for (const line of text.split('\n')) {
    if (stack.length === MAX_STACK_FRAMES) {
      if (LOOKS_LIKE_FRAME.test(line)) truncated++;
      continue;
    }
    const parsed = frame(line);
    if (parsed !== undefined) stack.push(parsed);
  }
  return truncated === 0 ? { stack } : { stack, truncated };
}
