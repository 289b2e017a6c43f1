/**
 * Stored records keep their document text and their times off the V8 heap, in shared 1 MB slabs:
 * the text as UTF-8 (length-prefixed), the times as float64. At 400,000 stored segments the JSON
 * text was 70% of the live heap, and V8's old-space slack grows with the heap it manages; as slab
 * bytes it costs its size once. Times in a slab are plain doubles, where a double field costs an
 * extra boxed heap number (Node 20's V8 boxes them).
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
  readonly bytes: Buffer;
  /** The same memory as float64s: index `i` is bytes `8i..8i+7`. */
  readonly times: Float64Array;

  constructor(size: number) {
    this.bytes = Buffer.allocUnsafeSlow(size);
    this.times = new Float64Array(this.bytes.buffer, this.bytes.byteOffset, size / 8);
  }

  /** The text written by {@link RecordSlabWriter.place} at double index `index`, decoded. */
  text(index: number): string {
    const bytes = this.bytes;
    const start = index * 8 + 4;
    const header = bytes.readUInt32LE(start - 4);
    return header >= UTF16
      ? bytes.toString('utf16le', start, start + header - UTF16)
      : bytes.toString('utf8', start, start + header);
  }
}

const SLAB_BYTES = 1 << 20;
/** Header flag: the text is stored as UTF-16 (it holds a lone surrogate, which UTF-8 cannot carry). */
const UTF16 = 0x80000000;

/**
 * Bump allocation into the current slab; a full slab is left to its records and a new one started.
 * Measured hot path (every accepted document), hand-written to avoid allocating per call: the
 * slab of the last reservation is read from {@link slab} instead of being returned in an object.
 */
export class RecordSlabWriter {
  /** The slab that the last {@link reserve} / {@link place} wrote to. */
  slab: RecordSlab;
  /** Bytes used in `slab`, a multiple of 8. */
  private used = 0;

  constructor(private readonly slabBytes = SLAB_BYTES) {
    this.slab = new RecordSlab(slabBytes);
  }

  /** Reserves `count` times in {@link slab}; returns the index of the first in `slab.times`. */
  reserve(count: number): number {
    this.ensure(count * 8);
    const index = this.used / 8;
    this.used += count * 8;
    return index;
  }

  /**
   * Reserves `count` times followed by `text`, in one slab; returns the index of the first time.
   * The text is read back with `slab.text(index + count)`, exactly as given.
   */
  place(count: number, text: string): number {
    const head = count * 8 + 4;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: with that much room, no need to measure the text.
    if (this.used + head + text.length * 3 > this.slab.bytes.length) this.ensure(head + Buffer.byteLength(text));
    let at = this.used;
    let bytes = this.slab.bytes;
    let length = bytes.write(text, at + head, 'utf8');
    let header = length;
    // Only texts with non-ASCII characters pay for this check.
    if (length !== text.length && bytes.toString('utf8', at + head, at + head + length) !== text) {
      this.ensure(head + text.length * 2);
      at = this.used;
      bytes = this.slab.bytes;
      length = bytes.write(text, at + head, 'utf16le');
      header = length + UTF16;
    }
    bytes.writeUInt32LE(header, at + head - 4);
    this.used = (at + head + length + 7) & ~7;
    return at / 8;
  }

  /** Starts a new slab unless `bytes` more fit in the current one. */
  private ensure(bytes: number): void {
    if (this.used + bytes <= this.slab.bytes.length) return;
    // A document larger than a slab (only possible from an old segment log) gets a slab of its own.
    this.slab = new RecordSlab(Math.max(this.slabBytes, (bytes + 7) & ~7));
    this.used = 0;
  }
}
