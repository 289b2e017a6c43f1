import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { freePort } from './free-port';

function bindTcp(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

function bindUdp(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve()));
  });
}

describe('freePort', () => {
  it('returns a non-privileged port that can be bound for TCP and for UDP', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(1023);
    expect(port).toBeLessThanOrEqual(65535);
    await expect(bindTcp(port)).resolves.toBeUndefined();
    await expect(bindUdp(port)).resolves.toBeUndefined();
  });

  it('returns a different port on successive calls', async () => {
    const ports = new Set([await freePort(), await freePort(), await freePort()]);
    expect(ports.size).toBeGreaterThan(1);
  });
});
