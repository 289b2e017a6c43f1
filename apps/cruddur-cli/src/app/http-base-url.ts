import { UsageError } from '@cruddur/command-line';

/** An `http://host:port` option value without a trailing slash, or a UsageError naming the flag. */
export function httpBaseUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a URL (e.g. http://127.0.0.1:2000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag} must be an http:// URL`);
  return url.origin;
}

/**
 * Why fetch failed, in words: the cause's code (ECONNREFUSED, ...) when there is one. Read by
 * shape, not instanceof: fetch's errors may come from another realm (a test runner's sandbox).
 */
export function describeFetchFailure(error: unknown): string {
  const { cause, message } = (error ?? {}) as { cause?: { code?: string }; message?: string };
  return cause?.code ?? message ?? String(error);
}
