import http from 'node:http';
import https from 'node:https';
import {
  type AttributeValue,
  encodeTraceRequestProtobuf,
  OtlpTraceSchema,
  segmentsToResourceSpans,
} from '@cruddur/otlp';
import type { OtlpSettings } from '../config/exporter-settings';
import { outsideAnyTrace } from '../context/trace-context';
import type { SegmentEntity, SubsegmentEntity } from '../recorder/trace-entity';
import { DroppedSpans } from './dropped-spans';
import type { SegmentExporter } from './segment-exporter';

/** Answers OTLP/HTTP says to retry (with `Retry-After` when given); other failures are final. */
const RETRYABLE = new Set([429, 502, 503, 504]);
/** Tries per batch: the first and four retries, backing off 0.5, 1, 2, 4 s (or as Retry-After says, at most 30 s). */
const MAX_ATTEMPTS = 5;
const MAX_RETRY_AFTER_MS = 30_000;
/** Answer bodies read at most (an error message); the rest is discarded. */
const MAX_ANSWER_BYTES = 64 * 1024;
const SCOPE = { name: '@cruddur/tracing' };

interface Answer {
  status?: number;
  error?: Error;
  retryAfterMs?: number;
  body?: Buffer;
  contentType?: string;
}

function spanCount(entity: SegmentEntity | SubsegmentEntity): number {
  let n = 1;
  for (const child of entity.subsegments ?? []) n += spanCount(child);
  return n;
}

/** `Retry-After` as milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

/** What an error answer says: a google.rpc.Status message (protobuf), else the body's text. */
function reasonOf(answer: Answer): string {
  if (answer.error) return answer.error.message;
  const body = answer.body ?? Buffer.alloc(0);
  let text = body.toString('utf8', 0, 200);
  if (answer.contentType?.includes('protobuf')) {
    try {
      text = String((OtlpTraceSchema.Status.decode(body) as unknown as { message?: string }).message ?? '');
    } catch {
      text = '';
    }
  }
  return `HTTP ${answer.status}${text ? `: ${text.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * The `otlp` exporter: finished segments, as spans (the mapping of @cruddur/otlp), in OTLP/HTTP
 * protobuf requests to `/v1/traces`. On a request's path it only queues the segment (no
 * serialization); a timer, created outside any trace so the exporter's own requests are never
 * traced, sends batches of up to maxBatchSize every scheduleDelayMs, or at once when a batch is
 * full. The queue is bounded: beyond maxQueueSize segments are dropped, counted and logged once
 * per minute, never blocking or failing a request. 429/502/503/504 and network errors are retried
 * with backoff (honouring Retry-After); other answers drop the batch; spans an answer reports as
 * rejected (partial_success) are counted, not retried. shutdown() sends what is queued.
 */
export class OtlpHttpExporter implements SegmentExporter {
  readonly dropped: DroppedSpans;
  private readonly url: URL;
  private readonly agent: http.Agent;
  private queue: SegmentEntity[] = [];
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly settings: OtlpSettings,
    warn: (line: string) => void,
    private readonly resource: Readonly<Record<string, AttributeValue>>,
    private readonly retryBaseMs = 500,
  ) {
    this.url = new URL(settings.endpoint);
    const Agent = this.url.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: 1 });
    this.dropped = new DroppedSpans(warn);
  }

  export(segment: SegmentEntity): void {
    if (this.stopping) return this.dropped.add('finished after shutdown', spanCount(segment));
    if (this.queue.length >= this.settings.maxQueueSize) {
      return this.dropped.add(
        `queue full (${this.settings.maxQueueSize} segments waiting for ${this.url.origin})`,
        spanCount(segment),
      );
    }
    this.queue.push(segment);
    if (this.queue.length >= this.settings.maxBatchSize) this.schedule(0);
    else if (this.timer === undefined) this.schedule(this.settings.scheduleDelayMs);
  }

  async shutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = pause(this.settings.timeoutMs).then(() => 'late' as const);
    if ((await Promise.race([this.drain(), deadline])) === 'late') {
      const left = this.queue.splice(0);
      this.dropped.add(
        'not sent before shutdown',
        left.reduce((n, s) => n + spanCount(s), 0),
      );
    }
    this.dropped.report();
    this.agent.destroy();
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    // Outside the request's async context: the timer, and the requests it makes, belong to no trace.
    this.timer = outsideAnyTrace(() => setTimeout(this.onTimer, delayMs)).unref();
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    void this.drain();
  };

  /** Sends batches until the queue is empty; one drain at a time. */
  private drain(): Promise<void> {
    this.draining ??= (async () => {
      while (this.queue.length > 0) await this.send(this.queue.splice(0, this.settings.maxBatchSize));
    })().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async send(batch: SegmentEntity[]): Promise<void> {
    const spans = batch.reduce((n, s) => n + spanCount(s), 0);
    let body: Uint8Array;
    try {
      body = encodeTraceRequestProtobuf(
        segmentsToResourceSpans(
          batch.map((s) => s.toDocument()),
          this.resource,
        ),
        SCOPE,
      );
    } catch (error) {
      return this.dropped.add(`not encodable (${(error as Error).message})`, spans);
    }
    for (let attempt = 1; ; attempt++) {
      const answer = await this.post(body);
      if (answer.status !== undefined && answer.status >= 200 && answer.status < 300) return this.countRejected(answer);
      const retryable = answer.error !== undefined || RETRYABLE.has(answer.status ?? 0);
      if (!retryable || attempt >= MAX_ATTEMPTS || this.stopping) {
        return this.dropped.add(
          `${retryable ? 'not delivered' : 'refused'} by ${this.url.href} (${reasonOf(answer)})`,
          spans,
        );
      }
      await pause(answer.retryAfterMs ?? this.retryBaseMs * 2 ** (attempt - 1));
    }
  }

  /** A 200 may still report spans it refused (partial_success): they are not to be retried. */
  private countRejected(answer: Answer): void {
    if (!answer.body?.length || !answer.contentType?.includes('protobuf')) return;
    try {
      const response = OtlpTraceSchema.ExportTraceServiceResponse.decode(answer.body) as unknown as {
        partialSuccess?: { rejectedSpans?: number | { toNumber(): number }; errorMessage?: string };
      };
      const rejected = response.partialSuccess?.rejectedSpans;
      const n = typeof rejected === 'number' ? rejected : (rejected?.toNumber() ?? 0);
      if (n > 0)
        this.dropped.add(
          `rejected by ${this.url.href} (${response.partialSuccess?.errorMessage || 'no reason given'})`,
          n,
        );
    } catch {
      // An unreadable success answer: the spans were accepted.
    }
  }

  private post(body: Uint8Array): Promise<Answer> {
    return new Promise((resolve) => {
      const client = this.url.protocol === 'https:' ? https : http;
      const req = client.request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          timeout: this.settings.timeoutMs,
          headers: {
            ...this.settings.headers,
            'content-type': 'application/x-protobuf',
            'content-length': body.length,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode,
              retryAfterMs: retryAfterMs(res.headers['retry-after'], Date.now()),
              body: Buffer.concat(chunks),
              contentType: res.headers['content-type'],
            }),
          );
          res.on('error', (error) => resolve({ error }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.settings.timeoutMs} ms`)));
      req.on('error', (error) => resolve({ error }));
      req.end(body);
    });
  }
}
