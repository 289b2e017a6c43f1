import { waitForPort } from './readiness';
import { holdTcpPort, unusedPort } from './spec-support';

describe('waitForPort', () => {
  it('resolves true as soon as the port accepts connections', async () => {
    const held = await holdTcpPort();
    try {
      await expect(waitForPort('127.0.0.1', held.port, 2000)).resolves.toBe(true);
    } finally {
      await held.close();
    }
  });

  it('resolves true for a server that starts listening while it waits', async () => {
    const port = await unusedPort();
    const late = new Promise<Awaited<ReturnType<typeof holdTcpPort>>>((resolve) =>
      setTimeout(() => resolve(holdTcpPort(port)), 200),
    );
    try {
      await expect(waitForPort('127.0.0.1', port, 3000)).resolves.toBe(true);
    } finally {
      await (await late).close();
    }
  });

  it('resolves false after the timeout when nothing listens', async () => {
    const port = await unusedPort();
    const started = Date.now();
    await expect(waitForPort('127.0.0.1', port, 300)).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('resolves false promptly once aborted, long before the timeout', async () => {
    const port = await unusedPort();
    let aborted = false;
    setTimeout(() => (aborted = true), 50);
    const started = Date.now();
    await expect(waitForPort('127.0.0.1', port, 10_000, () => aborted)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
