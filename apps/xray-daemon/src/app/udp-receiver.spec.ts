import { createSocket } from 'node:dgram';
import { UdpReceiver } from './udp-receiver';

async function freeUdpPort(): Promise<number> {
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise<void>((resolve) => probe.close(resolve));
  return port;
}

describe('UdpReceiver', () => {
  it('reads the datagrams already queued before it closes (a service flushed them just before the stop)', async () => {
    const received: string[] = [];
    const receiver = new UdpReceiver((datagram) => received.push(datagram.toString()), jest.fn(), 1 << 20);
    const port = await freeUdpPort();
    await receiver.bind({ host: '127.0.0.1', port });
    const client = createSocket('udp4');
    try {
      // On loopback a datagram is in the receiver's buffer once send() has called back.
      for (let i = 0; i < 200; i++)
        await new Promise<void>((resolve, reject) =>
          client.send(`segment ${i}`, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
        );
      await receiver.close();
    } finally {
      client.close();
    }
    expect(received).toHaveLength(200);
    expect(receiver.counters().datagrams).toBe(200);
  });
});
