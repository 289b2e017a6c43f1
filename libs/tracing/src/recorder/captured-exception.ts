import { newSegmentId, type ExceptionDetail, type StackFrame } from '@cruddur/xray-contracts';

/** A `cause.exceptions[]` entry as recorded here: id, message, type and stack always present. */
export type CapturedException = ExceptionDetail & Required<Pick<ExceptionDetail, 'id' | 'message' | 'type' | 'stack'>>;

/** Frames kept per exception; the rest are counted in `truncated`, as the X-Ray SDKs do. */
const MAX_FRAMES = 50;
/** `    at label (path:line:col)` or `    at path:line:col`. */
const FRAME = /^\s*at (?:(.*?) \()?(.*?)(?::(\d+):\d+)?\)?$/;

/** An Error (or anything thrown) as X-Ray records it, with parsed stack frames. */
export function captureException(error: unknown, remote = false): CapturedException {
  const err = error instanceof Error ? error : undefined;
  const lines = (err?.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at '));
  const stack: StackFrame[] = lines.slice(0, MAX_FRAMES).map((line) => {
    const match = FRAME.exec(line);
    return {
      path: match?.[2] ?? line.trim(),
      line: match?.[3] ? Number(match[3]) : null,
      label: match?.[1] ?? 'anonymous',
    };
  });
  return {
    id: newSegmentId(),
    message: err ? err.message : describe(error),
    type: err ? err.name : typeof error,
    ...(remote ? { remote: true } : {}),
    ...(lines.length > MAX_FRAMES ? { truncated: lines.length - MAX_FRAMES } : {}),
    stack,
  };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    try {
      return JSON.stringify(value).slice(0, 500);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
