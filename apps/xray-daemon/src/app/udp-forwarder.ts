import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { formatHostPort, type HostPort } from './host-port';

export interface ForwardCounters {
  readonly target: string;
  readonly forwarded: number;
  readonly errors: number;
}

/**
 * Tees accepted datagrams, unchanged, to an upstream daemon (the AWS daemon, or another one of
 * these), so local storage and the real backend can run side by side. Fire and forget: a slow or
 * absent upstream never delays ingest; failures are counted.
 */
export class UdpForwarder {
  private readonly socket: Socket;
  private forwarded = 0;
  private errors = 0;

  constructor(private readonly target: HostPort) {
    this.socket = createSocket(isIP(target.host) === 6 ? 'udp6' : 'udp4');
    this.socket.on('error', () => this.errors++);
    this.socket.unref();
  }

  send(datagram: Buffer): void {
    this.socket.send(datagram, this.target.port, this.target.host, (error) => {
      if (error) this.errors++;
      else this.forwarded++;
    });
  }

  counters(): ForwardCounters {
    return { target: formatHostPort(this.target), forwarded: this.forwarded, errors: this.errors };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
