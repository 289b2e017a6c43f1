import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** The OTLP/HTTP recommended body limit, after decompression: 20 MiB. */
export const DEFAULT_OTLP_MAX_BODY_BYTES = 20 * 1024 * 1024;

export type OtlpRequestBody =
  | { readonly ok: true; readonly bytes: Buffer; readonly wireBytes: number }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly message: string; readonly wireBytes: number };

/** `Content-Encoding` values OTLP/HTTP clients send: gzip, or none. */
function isIdentity(encoding: string): boolean {
  return encoding === '' || encoding === 'identity';
}

/**
 * Reads an OTLP/HTTP request body, inflating gzip as it streams. Both what arrives and what it
 * inflates to are capped at `maxBytes`: past either, reading stops at once (a gzip bomb is cut
 * off while inflating, after at most one 16 KB chunk more) and the answer is a 413; the request is
 * left paused, for the server to discard the rest. Never rejects.
 */
export function readOtlpRequestBody(
  request: Readable,
  headers: { contentLength?: string; contentEncoding?: string },
  maxBytes: number,
): Promise<OtlpRequestBody> {
  const encoding = (headers.contentEncoding ?? '').trim().toLowerCase();
  const tooLarge = `body over ${maxBytes} bytes${isIdentity(encoding) ? '' : ' after decompression'}`;
  if (!isIdentity(encoding) && encoding !== 'gzip') {
    return Promise.resolve({
      ok: false,
      status: 415,
      message: `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not supported (gzip or none)`,
      wireBytes: 0,
    });
  }
  if (Number(headers.contentLength ?? 0) > maxBytes)
    return Promise.resolve({ ok: false, status: 413, message: tooLarge, wireBytes: 0 });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let size = 0;
    let settled = false;
    const gunzip = encoding === 'gzip' ? createGunzip() : undefined;
    const finish = (result: OtlpRequestBody) => {
      if (settled) return;
      settled = true;
      request.off('data', onWire);
      if (gunzip !== undefined) {
        request.unpipe(gunzip);
        gunzip.destroy();
      }
      if (!result.ok) request.pause();
      resolve(result);
    };
    const fail = (status: 400 | 413, message: string) => finish({ ok: false, status, message, wireBytes });
    const onBytes = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return fail(413, tooLarge);
      chunks.push(chunk);
    };
    const onWire = (chunk: Buffer) => {
      wireBytes += chunk.length;
      if (wireBytes > maxBytes) return fail(413, tooLarge);
      if (gunzip === undefined) onBytes(chunk);
    };
    request.on('data', onWire);
    request.on('error', () => fail(400, 'the request body could not be read'));
    if (gunzip === undefined) {
      request.on('end', () => finish({ ok: true, bytes: Buffer.concat(chunks), wireBytes }));
    } else {
      gunzip.on('data', onBytes);
      gunzip.on('error', () => fail(400, 'the body is not valid gzip'));
      gunzip.on('end', () => finish({ ok: true, bytes: Buffer.concat(chunks), wireBytes }));
      request.pipe(gunzip);
    }
  });
}
