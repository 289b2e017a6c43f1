import { createSocket, type Socket } from 'node:dgram';
import { DATAGRAM_HEADER, documentJson, MAX_DATAGRAM_BYTES } from '@cruddur/xray-contracts';
import type { SegmentExporter } from '../export/segment-exporter';
import type { SegmentEntity } from './trace-entity';

const HEADER = `${DATAGRAM_HEADER}\n`;

/**
 * The `xray` exporter: sends finished segments to the daemon over UDP, one document per
 * datagram. A segment too large for one datagram is sent as the segment plus its subsegments
 * as independent documents (`type: "subsegment"`), which the daemon reassembles.
 */
export class SegmentEmitter implements SegmentExporter {
  private socket?: Socket;
  /** Sends not yet handed to the kernel (the name lookup is asynchronous): shutdown waits for them. */
  private inFlight = 0;
  private drained?: () => void;

  constructor(
    private readonly address: { host: string; port: number },
    private readonly onError: (message: string) => void,
  ) {}

  export(segment: SegmentEntity): void {
    const whole = datagramOf(documentJson(segment.toDocument()));
    if (whole.length <= MAX_DATAGRAM_BYTES) return this.sendDatagram(whole);
    for (const document of segment.splitDocuments()) {
      const part = datagramOf(documentJson(document));
      if (part.length > MAX_DATAGRAM_BYTES)
        this.onError(`segment document of ${part.length} bytes is larger than one datagram; not sent`);
      else this.sendDatagram(part);
    }
  }

  /** Datagrams are sent as they come; closing the socket with sends in flight would drop them. */
  async shutdown(): Promise<void> {
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    this.socket?.close();
    this.socket = undefined;
  }

  private sendDatagram(message: Buffer): void {
    // unref: a pending segment never keeps a stopping process alive.
    this.socket ??= createSocket('udp4').unref();
    // Not connect()ed: the daemon's name is looked up per send, so a restarted daemon container
    // with a new address is found again.
    this.inFlight++;
    this.socket.send(message, this.address.port, this.address.host, this.afterSend);
  }

  // One callback for every send: no closure per datagram.
  private readonly afterSend = (error: Error | null): void => {
    if (error) this.onError(`segment not sent to ${this.address.host}:${this.address.port}: ${error.message}`);
    if (--this.inFlight === 0) this.drained?.();
  };
}

function datagramOf(json: string): Buffer {
  return Buffer.from(HEADER + json);
}
