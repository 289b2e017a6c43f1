/**
 * A document's JSON text as it arrived: a string (PutTraceSegments, the segment log, OTLP
 * translations) or, for a UDP datagram, the UTF-8 bytes `bytes[start, end)` of its body. The
 * bytes go into the store's slab as they are, so an accepted datagram is never decoded to a
 * string and encoded again; decoding them later gives exactly the string decoding them now would
 * (invalid sequences become U+FFFD either way, as they did before JSON.parse).
 */
export type DocumentText = string | DocumentBytes;

export interface DocumentBytes {
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
}

/** The text as a string (decoded only for bytes). */
export function documentTextString(text: DocumentText): string {
  return typeof text === 'string' ? text : text.bytes.toString('utf8', text.start, text.end);
}
