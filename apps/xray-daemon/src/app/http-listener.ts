import type { Server } from 'node:http';
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
