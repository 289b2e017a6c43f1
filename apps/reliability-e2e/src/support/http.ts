import { Agent, request } from 'node:http';
import { connect } from 'node:net';

export interface HttpAnswer {
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Raw header lines as received (to look for anything injected). */
  rawHeaders: string[];
  body: string;
}

/** An answer with its body as bytes too (binary bodies such as protobuf). */
export interface HttpBytesAnswer extends HttpAnswer {
  bytes: Buffer;
  /** The client's port: two answers with the same one came on the same connection (keep-alive). */
  localPort: number;
}

/** The peer closed or reset the connection (after its answer, when that came first). */
const isPeerClose = (error: Error) => ['ECONNRESET', 'EPIPE'].includes((error as NodeJS.ErrnoException).code ?? '');

/**
 * Requests through one keep-alive agent (the load tests' client). Strict: a reset or a close before
 * the answer is complete fails the request, even when the server answered early (a 413 while the
 * body is still being written must reach the client whole).
 */
export function httpClient(maxSockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const send = (
    port: number,
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: string | Buffer,
    timeoutMs = 30_000,
  ): Promise<HttpBytesAnswer> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers, agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        // Read now: a keep-alive socket is detached from the answer once it ends.
        const localPort = res.socket.localPort ?? 0;
        const answer = (): HttpBytesAnswer => {
          const raw: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) raw.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
          const bytes = Buffer.concat(chunks);
          return {
            status: res.statusCode ?? 0,
            headers: res.headers as Record<string, string>,
            rawHeaders: raw,
            body: bytes.toString('utf8'),
            bytes,
            localPort,
          };
        };
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(answer()));
        res.on('close', () => {
          if (!res.complete)
            reject(new Error(`${method} ${path}: the connection closed before the answer was complete`));
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/**
 * One request written byte for byte on a fresh connection (`Connection: close`), for what a
 * well-behaved client refuses to send: CR/LF in header values, `..` paths, NUL, absolute URIs.
 * The head must say `Connection: close`. Resolves with the status line and headers as the server wrote them.
 */
export function rawRequest(
  port: number,
  head: string | Buffer,
  body: Buffer | string = '',
  timeoutMs = 10_000,
): Promise<HttpAnswer & { raw: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error('raw request timed out')), timeoutMs);
    // No half-close after writing: Node's HTTP server aborts a request whose client sent FIN
    // before the answer (httpAllowHalfOpen is off). `Connection: close` ends the exchange instead.
    socket.on('connect', () => {
      socket.write(head);
      if (body.length > 0) socket.write(body);
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => {
      // A server may close or reset after answering (a 400 for a bad request line, a 413 while we
      // still write): keep what came.
      if (chunks.length > 0 && isPeerClose(error)) return;
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('latin1');
      const split = raw.indexOf('\r\n\r\n');
      const lines = (split < 0 ? raw : raw.slice(0, split)).split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) {
          const name = line.slice(0, colon).trim().toLowerCase();
          const value = line.slice(colon + 1).trim();
          headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
        }
      }
      resolve({ status, headers, rawHeaders: lines.slice(1), body: split < 0 ? '' : raw.slice(split + 4), raw });
    });
  });
}

/**
 * A request whose body never ends: writes `head`, then 256 KB chunks as fast as the connection
 * takes them until the server closes it. Resolves with the status the server answered (0 if none)
 * and how long it took the server to close.
 */
export function endlessBodyRequest(
  port: number,
  head: string,
  timeoutMs = 30_000,
): Promise<{ status: number; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(256 * 1024, 'x');
    let received = '';
    const timer = setTimeout(() => socket.destroy(new Error(`still open after ${timeoutMs} ms`)), timeoutMs);
    const pump = () => {
      while (!socket.destroyed && socket.write(chunk));
    };
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
    socket.on('drain', pump);
    socket.on('data', (data: Buffer) => (received += data.toString('latin1')));
    socket.on('error', (error) => {
      if (isPeerClose(error)) return;
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1] ?? 0);
      resolve({ status, closedAfterMs: Date.now() - started });
    });
  });
}

/** Runs `task(i)` for i in [0, total) with at most `concurrency` at a time. */
export async function runConcurrently<T>(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return results;
}
