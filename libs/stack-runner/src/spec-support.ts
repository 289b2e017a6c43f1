import { createServer } from 'node:net';

/** Test support only (not exported by the library): a loopback TCP server the caller must close. */
export interface HeldPort {
  port: number;
  close(): Promise<void>;
}

export function holdTcpPort(port = 0): Promise<HeldPort> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function unusedPort(): Promise<number> {
  const held = await holdTcpPort();
  await held.close();
  return held.port;
}
