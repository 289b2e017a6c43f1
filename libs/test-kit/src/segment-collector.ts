import { createSocket, Socket } from 'node:dgram';
import type { EntityFields, NestedSubsegment, SegmentDocument, SubsegmentDocument } from '@cruddur/xray-contracts';

/** A document as a service sent it: a segment, or a subsegment sent on its own. */
export type CollectedSegment = Omit<SegmentDocument, 'type'> & Partial<Pick<SubsegmentDocument, 'type' | 'namespace'>>;

/**
 * A UDP listener standing in for the X-Ray daemon: keeps every segment document
 * the services send, for assertions.
 */
export class SegmentCollector {
  readonly segments: CollectedSegment[] = [];
  readonly malformed: Buffer[] = [];

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {
    socket.on('message', (message) => {
      const text = message.toString('utf8');
      const newline = text.indexOf('\n');
      try {
        this.segments.push(JSON.parse(text.slice(newline + 1)) as CollectedSegment);
      } catch {
        this.malformed.push(message);
      }
    });
  }

  static async start(): Promise<SegmentCollector> {
    // Bursts of hundreds of segments overflow the default receive buffer: a plain listener with
    // it lost 30-44% of the datagrams of a load test here (kernel RcvbufErrors).
    const socket = createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024 });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new SegmentCollector(socket, socket.address().port);
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  forTrace(traceId: string): CollectedSegment[] {
    return this.segments.filter((s) => s.trace_id === traceId);
  }

  /** Waits until `predicate` holds for the trace's segments, or the timeout passes. */
  async waitForTrace(
    traceId: string,
    predicate: (segments: CollectedSegment[]) => boolean,
    timeoutMs = 5000,
  ): Promise<CollectedSegment[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.forTrace(traceId);
      if (predicate(found)) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.forTrace(traceId);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** Every subsegment under a segment, depth first. */
export function allSubsegments(segment: EntityFields): NestedSubsegment[] {
  return (segment.subsegments ?? []).flatMap((s) => [s, ...allSubsegments(s)]);
}
