// How a segment document travels over UDP to the daemon (port 2000): this header line, a
// newline, then one JSON document, the whole datagram at most 64 KB.

/** The header every X-Ray SDK writes before the document (the daemon also accepts other spacing). */
export const DATAGRAM_HEADER = '{"format":"json","version":1}';

/** The most a datagram may hold, header included: the daemon refuses larger ones. */
export const MAX_DATAGRAM_BYTES = 64 * 1024;
