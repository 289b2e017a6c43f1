import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseSegmentJson } from '../segments/parse-segment-json';
import type { TraceDocument } from '@cruddur/xray-contracts';

export interface SegmentLogOptions {
  dir: string;
  /** Documents the store still holds; the log is rewritten from them when it grows too big. */
  liveDocuments: () => Iterable<string>;
  /** Log size that triggers a compaction (raised to twice the compacted size if the live set is bigger). */
  compactAtBytes?: number;
  /** Buffered appends reach the file at least this often: at most this much is lost on a crash. */
  flushIntervalMs?: number;
}

export interface ReplayResult {
  replayed: number;
  /** Lines that were not a valid document (typically a torn last line after a crash). */
  skipped: number;
}

const FILE = 'segments.log';
/** Compaction writes in chunks of about this size so memory stays flat. */
const CHUNK_CHARS = 1 << 20;

/**
 * Append-only log of accepted documents, one JSON document per line, replayed at start. Appends
 * are batched and flushed every `flushIntervalMs` and on close. When the file passes
 * `compactAtBytes` it is rewritten (temp file + rename) from the documents the store still holds,
 * so its size follows the store's bounds rather than total traffic.
 */
export class SegmentLog {
  private readonly path: string;
  private buffer: string[] = [];
  private file: FileHandle | undefined;
  private size = 0;
  private compactAt: number;
  private timer: NodeJS.Timeout | undefined;
  /** Serialises flushes and compactions: one file operation at a time. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: SegmentLogOptions) {
    this.path = join(options.dir, FILE);
    this.compactAt = options.compactAtBytes ?? 256 * 1024 * 1024;
  }

  /** Reads every stored document (valid ones to `onDocument`), then opens the log for appending. */
  async open(onDocument: (document: TraceDocument, json: string) => void): Promise<ReplayResult> {
    await mkdir(this.options.dir, { recursive: true });
    const result: ReplayResult = { replayed: 0, skipped: 0 };
    try {
      const lines = createInterface({ input: createReadStream(this.path, 'utf8'), crlfDelay: Infinity });
      for await (const line of lines) {
        if (line.length === 0) continue;
        const parsed = parseSegmentJson(line);
        if (parsed.ok) {
          onDocument(parsed.document, line);
          result.replayed++;
        } else result.skipped++;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.file = await open(this.path, 'a');
    this.size = (await stat(this.path)).size;
    // A torn last line has no newline: start appends on a fresh line so the next document survives.
    if (this.size > 0 && result.skipped > 0) this.buffer.push('');
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 1000);
    this.timer.unref();
    return result;
  }

  append(json: string): void {
    // One document per line. Raw newlines can only be insignificant whitespace in JSON text.
    this.buffer.push(json.includes('\n') || json.includes('\r') ? json.replace(/[\r\n]/g, ' ') : json);
  }

  /** Writes buffered documents; compacts first if the log has grown past its threshold. */
  flush(): Promise<void> {
    this.queue = this.queue.then(() => this.writeBuffered());
    return this.queue;
  }

  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.flush();
    await this.file?.close();
    this.file = undefined;
  }

  private async writeBuffered(): Promise<void> {
    if (this.file === undefined) return;
    if (this.size >= this.compactAt) await this.compact();
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('\n') + '\n';
    this.buffer = [];
    const { bytesWritten } = await this.file.write(text);
    this.size += bytesWritten;
  }

  private async compact(): Promise<void> {
    // The live set already contains everything buffered so far (the store accepted it first).
    this.buffer = [];
    const temp = `${this.path}.compact.tmp`;
    const out = await open(temp, 'w');
    let size = 0;
    try {
      let chunk: string[] = [];
      let chars = 0;
      for (const json of this.options.liveDocuments()) {
        chunk.push(json.includes('\n') || json.includes('\r') ? json.replace(/[\r\n]/g, ' ') : json);
        chars += json.length + 1;
        if (chars >= CHUNK_CHARS) {
          size += (await out.write(chunk.join('\n') + '\n')).bytesWritten;
          chunk = [];
          chars = 0;
        }
      }
      if (chunk.length > 0) size += (await out.write(chunk.join('\n') + '\n')).bytesWritten;
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(temp, this.path);
    await this.file?.close();
    this.file = await open(this.path, 'a');
    this.size = size;
    this.compactAt = Math.max(this.compactAt, 2 * size);
  }
}
