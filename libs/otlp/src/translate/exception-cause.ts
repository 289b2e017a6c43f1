import { type OtlpEvent, StatusCode } from '../model/otlp-span';
import { parseStackTrace } from './stack-trace';
import { type CauseDetail, type ExceptionDetail, newSegmentId } from '@cruddur/xray-contracts';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function exception(event: OtlpEvent, remote: boolean): ExceptionDetail {
  const a = event.attributes;
  const detail: ExceptionDetail = { id: newSegmentId() };
  const type = text(a['exception.type']);
  const message = text(a['exception.message']);
  const stacktrace = text(a['exception.stacktrace']);
  if (type !== undefined) detail.type = type;
  if (message !== undefined) detail.message = message;
  if (remote) detail.remote = true;
  if (stacktrace !== undefined) Object.assign(detail, parseStackTrace(stacktrace));
  return detail;
}

/**
 * `cause.exceptions` from the span's `exception` events (type, message, parsed stack; `remote`
 * for calls to other services). A span in ERROR with a status message and no exception event
 * gets one exception carrying that message, so the reason is not lost.
 */
export function exceptionCause(
  events: readonly OtlpEvent[],
  status: { readonly code: number; readonly message: string },
  remote: boolean,
): CauseDetail | undefined {
  const exceptions: ExceptionDetail[] = [];
  for (const event of events) if (event.name === 'exception') exceptions.push(exception(event, remote));
  if (exceptions.length === 0 && status.code === StatusCode.error && status.message !== '') {
    exceptions.push(
      remote
        ? { id: newSegmentId(), message: status.message, remote: true }
        : { id: newSegmentId(), message: status.message },
    );
  }
  return exceptions.length === 0 ? undefined : { exceptions };
}
