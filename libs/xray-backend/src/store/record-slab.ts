import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { DocumentText } from '../segments/document-text';

/**
 * Stored records keep their document text, their times and their ids off the V8 heap, in shared
 * slabs: the text as UTF-8 (length-prefixed) in a 256 KB text region, the times as float64 and
 * the ids as pairs of uint32 words (packed-segment-id.ts) beside it. A
 * datagram's text is copied there as the bytes it arrived in, never decoded on the way in. At
 * 400,000 stored segments the JSON text was 70% of the live heap, and V8's old-space slack grows
 * with the heap it manages; as slab bytes it costs its size once. Times in a slab are plain
 * doubles, where a double field costs an extra boxed heap number (Node 20's V8 boxes them).
 *
 * Once full, a slab is sealed: its text region is compressed (Brotli, quality 0: ~0.9 µs per
 * 1.2 KB document; documents of one stream repeat keys, names and URLs, so the benchmark's 256 KB
 * regions shrink ~10x, random ids and times included) and its times trimmed to their used length.
 * Only `/Traces` and log compaction read the text; they decompress the slab's region (~0.2 ms)
 * and keep the last few regions in a small cache.
 * The open slab writes into the writer's own buffers, which are reused for every slab, so fresh
 * memory is never touched per document.
 *
 * Lifetime is reachability: each record and call site references its slab, so a slab is released
 * when the last record written into it is collected (after its trace is evicted or the record is
 * replaced). No manual release means no slot reuse while something still reads a record, e.g. the
 * segment log compacting from live records across awaits, or the service graph's link state holding
 * records of a trace the store has evicted. Traces arrive and are evicted roughly in start-time
 * order, so a slab's records die together; a record that outlives its neighbours keeps its whole
 * slab alive. Reusing collected slabs (FinalizationRegistry) was measured and dropped: fewer full
 * GCs meant more dead slabs between them (RSS under steady ingest 919 -> 1,338 MB, no CPU saved).
 */
export class RecordSlab {
  /** Times, and for each text its offset in the text region. Trimmed to its used length when sealed. */
  times: Float64Array;
  /** The same slots as `times`, as two uint32 words each: slot `i` is words `2i` and `2i + 1` (packed segment ids). */
  words: Uint32Array;
  /** The text region: raw while the slab is open, Brotli-compressed once sealed (unless that is not smaller). */
  #text: Buffer;
  /** Length of the raw text region once sealed; -1 while open or when the sealed region is stored raw. */
  #rawLength = -1;

  constructor(times: Float64Array, text: Buffer) {
    this.times = times;
    this.words = wordsOf(times);
    this.#text = text;
  }

  /** The text written by {@link RecordSlabWriter.place}, whose offset is at `times[index]`, decoded. */
  text(index: number): string {
    const bytes = this.#rawLength < 0 ? this.#text : this.#decompressed();
    const start = this.times[index] + 4;
    const header = bytes.readUInt32LE(start - 4);
    return header >= UTF16
      ? bytes.toString('utf16le', start, start + header - UTF16)
      : bytes.toString('utf8', start, start + header);
  }

  /** Copies the used times and text out of the writer's buffers, compressing the text. */
  seal(timeCount: number, textBytes: number): void {
    this.times = this.times.slice(0, timeCount);
    this.words = wordsOf(this.times);
    const raw = this.#text.subarray(0, textBytes);
    const packed = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 0, [constants.BROTLI_PARAM_SIZE_HINT]: textBytes },
      chunkSize: OUTPUT_CHUNK,
    });
    if (packed.length < textBytes) {
      this.#rawLength = textBytes;
      // A single output chunk is a view into a larger buffer: keep only its used bytes.
      this.#text = packed.buffer.byteLength > packed.length ? Buffer.from(packed) : packed;
    } else this.#text = Buffer.from(raw);
  }

  /** The sealed, compressed text region, from the cache of recently read regions or decompressed. */
  #decompressed(): Buffer {
    let at = cachedSlabs.indexOf(this);
    if (at === 0) return cachedRegions[0];
    // chunkSize: the whole region in one output buffer, returned as is.
    const region = at > 0 ? cachedRegions[at] : brotliDecompressSync(this.#text, { chunkSize: this.#rawLength + 64 });
    if (at < 0) {
      if (cachedSlabs.length < CACHED_REGIONS) {
        cachedSlabs.push(this);
        cachedRegions.push(region);
      }
      at = cachedSlabs.length - 1; // the least recent entry makes room
    }
    cachedSlabs.copyWithin(1, 0, at);
    cachedRegions.copyWithin(1, 0, at);
    cachedSlabs[0] = this;
    cachedRegions[0] = region;
    return region;
  }
}

function wordsOf(times: Float64Array): Uint32Array {
  return new Uint32Array(times.buffer, times.byteOffset, times.length * 2);
}

const OUTPUT_CHUNK = 32 * 1024;
/**
 * Decompressed text regions of the slabs read last, most recent first: `/Traces` reads the few
 * documents of a trace, which arrived close together, and compaction walks traces in arrival order.
 */
const CACHED_REGIONS = 8;
const cachedSlabs: RecordSlab[] = [];
const cachedRegions: Buffer[] = [];

/** Text bytes per slab: ~210 documents of 1.2 KB; one region decompresses in ~0.25 ms. */
const SLAB_BYTES = 1 << 18;
/** Header flag: the text is stored as UTF-16 (it holds a lone surrogate, which UTF-8 cannot carry). */
const UTF16 = 0x80000000;

/**
 * Bump allocation into the current slab; a full slab is sealed and a new one started.
 * Measured hot path (every accepted document), hand-written to avoid allocating per call: the
 * slab of the last reservation is read from {@link slab} instead of being returned in an object.
 */
export class RecordSlabWriter {
  /** The slab that the last {@link reserve} / {@link place} wrote to. */
  slab: RecordSlab;
  /** Times used in `slab`. */
  private timesUsed = 0;
  /** Text bytes used in `slab`. */
  private textUsed = 0;
  /** The open slab's buffers, reused by the next slab once it is sealed. */
  private readonly times: Float64Array;
  private text: Buffer;

  constructor(private readonly slabBytes = SLAB_BYTES) {
    // A document costs ~6 slots, one more per nested subsegment and 3 per call site: room for 16 per 1.2 KB.
    this.times = new Float64Array(slabBytes / 64);
    this.text = Buffer.allocUnsafeSlow(slabBytes);
    this.slab = new RecordSlab(this.times, this.text);
  }

  /** Reserves `count` times in {@link slab}; returns the index of the first in `slab.times`. */
  reserve(count: number): number {
    this.ensure(count, 0);
    const index = this.timesUsed;
    this.timesUsed += count;
    return index;
  }

  /**
   * Reserves `count` times and stores `text`, in one slab; returns the index of the first time.
   * The text is read back with `slab.text(index + count)`: a string exactly as given, bytes as
   * decoding them as UTF-8 gives it.
   */
  place(count: number, text: DocumentText): number {
    if (typeof text !== 'string') return this.placeBytes(count, text.bytes, text.start, text.end);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: with that much room, no need to measure the text.
    if (this.textUsed + 4 + text.length * 3 > this.text.length || this.timesUsed + count + 1 > this.times.length)
      this.ensure(count + 1, 4 + Buffer.byteLength(text));
    let at = this.textUsed;
    let bytes = this.text;
    let length = bytes.write(text, at + 4, 'utf8');
    let header = length;
    // Only texts with non-ASCII characters pay for this check.
    if (length !== text.length && bytes.toString('utf8', at + 4, at + 4 + length) !== text) {
      this.ensure(count + 1, 4 + text.length * 2);
      at = this.textUsed;
      bytes = this.text;
      length = bytes.write(text, at + 4, 'utf16le');
      header = length + UTF16;
    }
    return this.placed(count, at, header, length);
  }

  /** {@link place} for UTF-8 bytes, copied as they are (a document is at most 64 KB: no UTF16 flag). */
  private placeBytes(count: number, source: Buffer, start: number, end: number): number {
    const length = end - start;
    this.ensure(count + 1, 4 + length);
    const at = this.textUsed;
    source.copy(this.text, at + 4, start, end);
    return this.placed(count, at, length, length);
  }

  /** Writes the header of the text just written at `at` and its offset after `count` reserved times. */
  private placed(count: number, at: number, header: number, length: number): number {
    this.text.writeUInt32LE(header, at);
    this.textUsed = at + 4 + length;
    const index = this.timesUsed;
    this.times[index + count] = at;
    this.timesUsed += count + 1;
    return index;
  }

  /** Seals the current slab and starts a new one unless `times` more times and `bytes` more text fit. */
  private ensure(times: number, bytes: number): void {
    if (this.timesUsed + times <= this.times.length && this.textUsed + bytes <= this.text.length) return;
    this.slab.seal(this.timesUsed, this.textUsed);
    // A document larger than a slab (only possible from an old segment log) gets a region of its
    // own; the next slab goes back to the usual size.
    if (bytes > this.slabBytes) this.text = Buffer.allocUnsafeSlow(bytes);
    else if (this.text.length !== this.slabBytes) this.text = Buffer.allocUnsafeSlow(this.slabBytes);
    this.slab = new RecordSlab(this.times, this.text);
    this.timesUsed = 0;
    this.textUsed = 0;
  }
}
