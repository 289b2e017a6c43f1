import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { HostPort } from './host-port';

export interface UdpCounters {
  readonly datagrams: number;
  /** Exceptions thrown while handling a datagram (a bug; the datagram is dropped, the socket lives on). */
  readonly handlerErrors: number;
  /** SO_RCVBUF as the kernel reports it (Linux: double the bytes it granted, for its bookkeeping). */
  readonly receiveBufferBytes: number;
  /** What the daemon asked for (--receive-buffer). */
  readonly receiveBufferAskedBytes: number;
}

/** Closing waits for a pause this long in the datagrams, but no longer than DRAIN_MS. */
const QUIET_MS = 20;
const DRAIN_MS = 500;

/**
 * The UDP segment socket. A large receive buffer absorbs bursts: with the default one a loaded
 * service lost 30-44% of its datagrams here. The handler runs inside try/catch so no datagram,
 * however malformed, can take the socket (or the process) down.
 */
export class UdpReceiver {
  private socket: Socket | undefined;
  private datagrams = 0;
  private handlerErrors = 0;
  private receiveBufferBytes = 0;

  constructor(
    private readonly onDatagram: (datagram: Buffer) => void,
    private readonly warn: (message: string) => void,
    /** Asked of the kernel as SO_RCVBUF; Linux caps it at net.core.rmem_max. */
    private readonly askedBufferBytes: number,
  ) {}

  /** Binds; rejects with the socket error (EADDRINUSE, ...) if it cannot. */
  async bind(address: HostPort): Promise<void> {
    const socket = createSocket({ type: isIP(address.host) === 6 ? 'udp6' : 'udp4' });
    socket.on('message', (datagram) => {
      this.datagrams++;
      try {
        this.onDatagram(datagram);
      } catch (error) {
        this.handlerErrors++;
        if (this.handlerErrors <= 10)
          this.warn(`datagram handler failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(address.port, address.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', (error) => this.warn(`UDP socket error: ${error.message}`));
    this.socket = socket;
    try {
      socket.setRecvBufferSize(this.askedBufferBytes);
    } catch (error) {
      this.warn(`could not enlarge the UDP receive buffer: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.receiveBufferBytes = socket.getRecvBufferSize();
  }

  counters(): UdpCounters {
    return {
      datagrams: this.datagrams,
      handlerErrors: this.handlerErrors,
      receiveBufferBytes: this.receiveBufferBytes,
      receiveBufferAskedBytes: this.askedBufferBytes,
    };
  }

  /**
   * Reads what is already queued, then closes: a service stopped just before the daemon (Ctrl-C on
   * the stack) flushed its last segments into this socket's buffer, and closing drops whatever is
   * unread. Closes once no datagram came for QUIET_MS, or after DRAIN_MS under a steady stream.
   */
  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket === undefined) return;
    const deadline = Date.now() + DRAIN_MS;
    for (let seen = -1; seen !== this.datagrams && Date.now() < deadline;) {
      seen = this.datagrams;
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    }
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
