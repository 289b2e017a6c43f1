import { createServer, Server } from 'node:net';
import { describeListenError } from './listen-error';

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

describe('describeListenError', () => {
  it("explains a real EADDRINUSE with the port, the fix and the service's port variable", async () => {
    const holder = createServer();
    const second = createServer();
    try {
      await listen(holder, 0);
      const port = (holder.address() as { port: number }).port;
      const error = await listen(second, port).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(describeListenError(error, 'gateway', 'GATEWAY_PORT')).toBe(
        `gateway: port 127.0.0.1:${port} is already in use. Stop the process that holds it (lsof -i :${port}) or set GATEWAY_PORT to a free port.`,
      );
    } finally {
      second.close();
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('explains EACCES and EADDRNOTAVAIL', () => {
    expect(describeListenError({ code: 'EACCES', address: '0.0.0.0', port: 80 }, 'gateway')).toBe(
      'gateway: not allowed to listen on 0.0.0.0:80. Use a port above 1023 via PORT.',
    );
    expect(describeListenError({ code: 'EADDRNOTAVAIL', address: '10.9.9.9', port: 4001 }, 'activities')).toBe(
      'activities: address 10.9.9.9:4001 is not available on this machine. Check the HOST setting.',
    );
  });

  it.each([
    ['another error', new Error('boom')],
    ['another code', { code: 'ENOENT' }],
    ['null', null],
    ['a string', 'EADDRINUSE'],
  ])('returns undefined for %s', (_case, error) => {
    expect(describeListenError(error, 'gateway')).toBeUndefined();
  });
});
