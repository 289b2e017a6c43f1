import { MAX_DATAGRAM_BYTES } from '@cruddur/xray-contracts';

/**
 * Whether a document's JSON is over the 64 KB a UDP datagram may carry: the same bound for
 * every way in (UDP, PutTraceSegments, OTLP). The UTF-8 length is only measured when the string
 * could be over it: one UTF-16 unit is at most 3 bytes of UTF-8.
 */
export function exceedsDocumentLimit(json: string): boolean {
  return json.length > MAX_DATAGRAM_BYTES / 3 && Buffer.byteLength(json) > MAX_DATAGRAM_BYTES;
}
