/**
 * Segment ids (16 lowercase hex digits, which the validator requires of every id it admits) held
 * as their 64 bits in two uint32 words of a record slab instead of a 16-character string each:
 * ids were a third of the V8 heap's objects at 400,000 stored segments, each one marked by every
 * full GC. A string is made again only when something reads the id.
 */

/** The value of a lowercase hex digit's char code, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** The 32 bits of `id`'s 8 hex digits from `from`, or -1 if one of them is not a lowercase hex digit. */
function hexWord(id: string, from: number): number {
  let word = 0;
  for (let i = from; i < from + 8; i++) {
    const digit = hexValue(id.charCodeAt(i));
    if (digit < 0) return -1;
    word = (word << 4) | digit;
  }
  return word >>> 0;
}

/** Writes `id` at `words[at]` and `words[at + 1]`; false, writing nothing, unless it is 16 lowercase hex digits. */
export function packSegmentId(id: string, words: Uint32Array, at: number): boolean {
  if (id.length !== 16) return false;
  const high = hexWord(id, 0);
  const low = hexWord(id, 8);
  if (high < 0 || low < 0) return false;
  words[at] = high;
  words[at + 1] = low;
  return true;
}

// The id compared last, parsed (-1: not a packable id). Lookups compare one id with every record
// of a trace: parsing it for each comparison made a full filter scan of 100,000 traces 1.3x slower.
let lastId = '';
let lastHigh = -1;
let lastLow = -1;

/** Whether `id` is the id packed at `words[at]`, without making a string. */
export function isPackedSegmentId(id: string, words: Uint32Array, at: number): boolean {
  if (id !== lastId) {
    lastId = id;
    lastHigh = id.length === 16 ? hexWord(id, 0) : -1;
    lastLow = id.length === 16 ? hexWord(id, 8) : -1;
  }
  return lastHigh === words[at] && lastLow === words[at + 1];
}

/** Whether the ids packed at `a[at]` and `b[bt]` are equal. */
export function samePackedSegmentId(a: Uint32Array, at: number, b: Uint32Array, bt: number): boolean {
  return a[at] === b[bt] && a[at + 1] === b[bt + 1];
}

function digit(word: number, shift: number): number {
  const n = (word >>> shift) & 15;
  return n < 10 ? 48 + n : 87 + n;
}

/** The id packed at `words[at]`, as a fresh flat string. */
export function unpackSegmentId(words: Uint32Array, at: number): string {
  const h = words[at];
  const l = words[at + 1];
  return String.fromCharCode(
    digit(h, 28),
    digit(h, 24),
    digit(h, 20),
    digit(h, 16),
    digit(h, 12),
    digit(h, 8),
    digit(h, 4),
    digit(h, 0),
    digit(l, 28),
    digit(l, 24),
    digit(l, 20),
    digit(l, 16),
    digit(l, 12),
    digit(l, 8),
    digit(l, 4),
    digit(l, 0),
  );
}
