import type { IncomingMessage, Server } from 'node:http';
import type { HostPort } from './host-port';

/** Listens; rejects with the listen error (EADDRINUSE, ...) if it cannot. */
export function listenOn(server: Server, address: HostPort): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops listening and drops open (keep-alive) connections, so shutdown does not wait on idle clients. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** How much of an early-answered request body is still read and dropped, and for how long at most. */
const DISCARD_BYTES = 64 * 1024 * 1024;
const DISCARD_MS = 2000;

/**
 * Reads and drops the rest of a request body answered before it was read to its end (a 413). Closing
 * a socket with unread data makes the kernel reset the connection, and the reset can throw the answer
 * away on the client's side before it is read (the client's write then fails with EPIPE or ECONNRESET
 * instead of showing the 413). A body that ends within the limits leaves the connection usable
 * (keep-alive); one that goes past them is cut off.
 */
export function discardRestOfBody(request: IncomingMessage): void {
  if (request.complete) return;
  let bytes = 0;
  const cutOff = () => request.socket.destroy();
  const timer = setTimeout(cutOff, DISCARD_MS);
  const done = () => clearTimeout(timer);
  request.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > DISCARD_BYTES) cutOff();
  });
  request.once('end', done).once('close', done);
  request.resume();
}
