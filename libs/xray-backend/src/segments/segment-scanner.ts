import type { ValidationResult } from './reject-reason';
import { MAX_DOCUMENT_DEPTH, validateShapedDocument } from './validate-segment-document';

// A validating scanner for segment documents, straight from the datagram's bytes. Hand-written
// because it is a measured hot path: with 100,000 traces held, JSON.parse building the whole tree
// (metadata, aws and sql included, which the daemon only keeps as text) was 20% of the daemon's
// busy time and its garbage most of the 26% spent in GC (docs/benchmarks-history.md, Daemon
// ingest). It checks the whole text as JSON.parse would, but builds only what the validator and
// the store read: the entity fields, http, annotations, cause and nested subsegments. Objects
// under metadata, aws, sql and service are checked and skipped. What it cannot decide as cheaply
// as exactly (a forbidden key together with too deep nesting, whose order decides the reason) it
// hands back, and the caller runs JSON.parse and the validator. Differential tests hold it to
// exactly their verdicts (segment-scanner.spec.ts).

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const UPPER_E = 0x45;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const LOWER_E = 0x65;
const LOWER_U = 0x75;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Mask bits of what a value holds, as the validator's shape walk would find it. */
const DEEP = 1;
const FORBIDDEN = 2;

/** Thrown at the first byte that is not JSON: a plain object, so no stack trace is captured. */
const SYNTAX_ERROR = { syntaxError: true };

/** How an object or array value is read, by where it sits in the document. */
const enum Kind {
  /** Built in full, as JSON.parse builds it. */
  Generic,
  /** A string that is different in every document (an id): not looked up in the string cache. */
  Unique,
  /**
   * Objects checked and left out (the text keeps them); arrays checked and replaced by an empty
   * one, which the validator refuses there as it refuses the real one.
   */
  Opaque,
  Entity,
  /** An array of entities (`subsegments`). */
  Entities,
  Http,
  Request,
  Response,
}

type Lean = Record<string, unknown>;

/**
 * The keys read of a schema'd object; any other key is checked and skipped. `create` makes the
 * object with every key it reads often present and undefined (what every reader takes for
 * absent), one class per schema: one hidden class for all its objects, so the validator's and the
 * record's reads of them stay monomorphic. `set` stores a field by its index with a named store:
 * the keyed store `out[name]` over four schemas' objects was megamorphic, 20% of the scanner's
 * object reading. Keys past `stored` (the opaque ones, set only to a value that the validator
 * refuses or ignores) are added by name.
 */
class Schema {
  readonly names: readonly string[];
  readonly kinds: readonly Kind[];
  /** How many of the fields, from the first, `store` sets: those create() makes. */
  readonly stored: number;
  private readonly bytes: readonly Uint8Array[];
  /** Field index + 1 by keySlot of its name, 0 for none: one candidate to compare a key with. */
  private readonly slots = new Uint8Array(128);

  constructor(
    fields: Readonly<Record<string, Kind>>,
    readonly create: () => Lean,
    private readonly store: (out: Lean, index: number, value: unknown) => void,
  ) {
    this.names = Object.keys(fields);
    this.kinds = Object.values(fields);
    this.bytes = this.names.map((name) => Buffer.from(name, 'latin1'));
    this.bytes.forEach((name, index) => {
      const slot = keySlot(name, 0, name.length);
      if (this.slots[slot] !== 0) throw new Error(`schema: ${this.names[index]} shares a key slot`);
      this.slots[slot] = index + 1;
    });
    // The fields create() makes, from the first, are the ones `store` sets.
    const made = Object.keys(create());
    if (made.some((key, index) => key !== this.names[index]))
      throw new Error('schema: create() must make the stored fields, in order');
    this.stored = made.length;
  }

  /** Sets field `index` of `out` (made by create) to `value`. */
  set(out: Lean, index: number, value: unknown): void {
    if (index < this.stored) this.store(out, index, value);
    else out[this.names[index]] = value;
  }

  /** Index of the key spelled by `buf[start, end)` (no escapes), or -1. */
  match(buf: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length === 0) return -1;
    const index = this.slots[keySlot(buf, start, end)] - 1;
    if (index < 0) return -1;
    const name = this.bytes[index];
    if (name.length !== length) return -1;
    for (let k = 0; k < length; k++) if (name[k] !== buf[start + k]) return -1;
    return index;
  }
}

/**
 * A schema's slot for the key `buf[start, end)` (not empty): from its length and first and last
 * bytes, which tell every schema's names apart (the Schema constructor checks). Matching a key
 * was 7% of the scanner's time when it compared the key with every name of its length.
 */
function keySlot(buf: Uint8Array, start: number, end: number): number {
  return ((end - start) * 8 + buf[start] * 3 + buf[end - 1]) & 127;
}

/** An entity as the scanner builds it (see Schema): the fields the validator and the store read. */
class EntityObject {
  name: unknown = undefined;
  id: unknown = undefined;
  trace_id: unknown = undefined;
  parent_id: unknown = undefined;
  type: unknown = undefined;
  start_time: unknown = undefined;
  end_time: unknown = undefined;
  in_progress: unknown = undefined;
  origin: unknown = undefined;
  user: unknown = undefined;
  namespace: unknown = undefined;
  error: unknown = undefined;
  fault: unknown = undefined;
  throttle: unknown = undefined;
  precursor_ids: unknown = undefined;
  annotations: unknown = undefined;
  cause: unknown = undefined;
  http: unknown = undefined;
  subsegments: unknown = undefined;
}

const ENTITY = new Schema(
  {
    name: Kind.Generic,
    id: Kind.Unique,
    // A trace's documents arrive close together (each service sends its own): the cached string
    // is one allocation less, and the store's lookup by it finds its hash already computed.
    trace_id: Kind.Generic,
    parent_id: Kind.Unique,
    type: Kind.Generic,
    start_time: Kind.Generic,
    end_time: Kind.Generic,
    in_progress: Kind.Generic,
    origin: Kind.Generic,
    user: Kind.Generic,
    namespace: Kind.Generic,
    error: Kind.Generic,
    fault: Kind.Generic,
    throttle: Kind.Generic,
    precursor_ids: Kind.Generic,
    annotations: Kind.Generic,
    cause: Kind.Generic,
    http: Kind.Http,
    subsegments: Kind.Entities,
    metadata: Kind.Opaque,
    aws: Kind.Opaque,
    sql: Kind.Opaque,
    service: Kind.Opaque,
  },
  () => new EntityObject() as unknown as Lean,
  (lean, index, value) => {
    const out = lean as unknown as EntityObject;
    switch (index) {
      case 0:
        out.name = value;
        break;
      case 1:
        out.id = value;
        break;
      case 2:
        out.trace_id = value;
        break;
      case 3:
        out.parent_id = value;
        break;
      case 4:
        out.type = value;
        break;
      case 5:
        out.start_time = value;
        break;
      case 6:
        out.end_time = value;
        break;
      case 7:
        out.in_progress = value;
        break;
      case 8:
        out.origin = value;
        break;
      case 9:
        out.user = value;
        break;
      case 10:
        out.namespace = value;
        break;
      case 11:
        out.error = value;
        break;
      case 12:
        out.fault = value;
        break;
      case 13:
        out.throttle = value;
        break;
      case 14:
        out.precursor_ids = value;
        break;
      case 15:
        out.annotations = value;
        break;
      case 16:
        out.cause = value;
        break;
      case 17:
        out.http = value;
        break;
      default:
        out.subsegments = value;
    }
  },
);

class HttpObject {
  request: unknown = undefined;
  response: unknown = undefined;
}

const HTTP = new Schema(
  { request: Kind.Request, response: Kind.Response },
  () => new HttpObject() as unknown as Lean,
  (lean, index, value) => {
    const out = lean as unknown as HttpObject;
    if (index === 0) out.request = value;
    else out.response = value;
  },
);

class RequestObject {
  method: unknown = undefined;
  url: unknown = undefined;
  user_agent: unknown = undefined;
  client_ip: unknown = undefined;
  x_forwarded_for: unknown = undefined;
  traced: unknown = undefined;
}

const REQUEST = new Schema(
  {
    method: Kind.Generic,
    url: Kind.Generic,
    user_agent: Kind.Generic,
    client_ip: Kind.Generic,
    x_forwarded_for: Kind.Generic,
    traced: Kind.Generic,
  },
  () => new RequestObject() as unknown as Lean,
  (lean, index, value) => {
    const out = lean as unknown as RequestObject;
    switch (index) {
      case 0:
        out.method = value;
        break;
      case 1:
        out.url = value;
        break;
      case 2:
        out.user_agent = value;
        break;
      case 3:
        out.client_ip = value;
        break;
      case 4:
        out.x_forwarded_for = value;
        break;
      default:
        out.traced = value;
    }
  },
);

class ResponseObject {
  status: unknown = undefined;
  content_length: unknown = undefined;
}

const RESPONSE = new Schema(
  { status: Kind.Generic, content_length: Kind.Generic },
  () => new ResponseObject() as unknown as Lean,
  (lean, index, value) => {
    const out = lean as unknown as ResponseObject;
    if (index === 0) out.status = value;
    else out.content_length = value;
  },
);

function schemaOf(kind: Kind): Schema | undefined {
  switch (kind) {
    case Kind.Entity:
      return ENTITY;
    case Kind.Http:
      return HTTP;
    case Kind.Request:
      return REQUEST;
    case Kind.Response:
      return RESPONSE;
    default:
      return undefined;
  }
}

/** What skipped objects and arrays read as: only their type matters to the validator. */
const OPAQUE_OBJECT: Readonly<Record<string, never>> = Object.freeze({});
const OPAQUE_ARRAY: readonly never[] = Object.freeze([]);

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'].map((key) => Buffer.from(key, 'latin1'));

function isForbiddenKeyText(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

// 10^0 .. 10^22 are exact doubles: m / 10^k is then correctly rounded for an exact m (Clinger's fast path).
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const MAX_EXACT = 2 ** 53 - 1;

/** String flags from {@link stringClose}. */
const ESCAPED = 1;
const NON_ASCII = 2;

/** ASCII bytes a JSON string holds as they are (not a control character, `"` or `\\`): 1, else 0. */
const PLAIN_ASCII = new Uint8Array(256).map((_, c) =>
  c >= SPACE && c < 0x80 && c !== QUOTE && c !== BACKSLASH ? 1 : 0,
);

/** What the pure checkers below return instead of a position: the document is not JSON. */
const BAD_JSON = -1;
/** What walkJson returns for what only the careful walk decides: an escaped or forbidden key, too deep nesting. */
const NEEDS_CARE = -2;

/** ESCAPED | NON_ASCII of the string stringClose read last. */
let stringFlags = 0;

/**
 * The closing quote of the string whose opening quote is at `pos`, or BAD_JSON; sets stringFlags.
 * `end` is the buffer's length. Every string of a document goes through the inner loop (76 a
 * segment, ~60% of its bytes; it was 17% of the scanner's time): one table load a byte for plain
 * ASCII, and no bound check, as a typed array reads undefined past its end, which is not plain
 * (a syntax walk of the whole document took 16% less without it).
 */
function stringClose(buf: Buffer, pos: number, end: number): number {
  let flags = 0;
  pos++;
  for (;;) {
    while (PLAIN_ASCII[buf[pos]] === 1) pos++;
    if (pos >= end) return BAD_JSON;
    const c = buf[pos];
    if (c === QUOTE) break;
    if (c >= 0x80) flags |= NON_ASCII;
    else if (c === BACKSLASH) {
      flags |= ESCAPED;
      pos++;
      if (pos >= end) return BAD_JSON;
      const e = buf[pos];
      if (e === LOWER_U) {
        if (pos + 4 >= end) return BAD_JSON;
        for (let k = 1; k <= 4; k++) if (!isHexDigit(buf[pos + k])) return BAD_JSON;
        pos += 4;
      } else if (!isSimpleEscape(e)) return BAD_JSON;
    } else return BAD_JSON;
    pos++;
  }
  stringFlags = flags;
  return pos;
}

/** The end of the number at `pos` (its grammar checked), or BAD_JSON. */
function numberEnd(buf: Buffer, pos: number, end: number): number {
  if (buf[pos] === MINUS) pos++;
  if (pos >= end) return BAD_JSON;
  if (buf[pos] === ZERO) pos++;
  else if (buf[pos] > ZERO && buf[pos] <= NINE) while (pos < end && isDigit(buf[pos])) pos++;
  else return BAD_JSON;
  if (pos < end && buf[pos] === DOT) {
    pos++;
    if (pos >= end || !isDigit(buf[pos])) return BAD_JSON;
    while (pos < end && isDigit(buf[pos])) pos++;
  }
  if (pos < end && (buf[pos] === LOWER_E || buf[pos] === UPPER_E)) {
    pos++;
    if (pos < end && (buf[pos] === PLUS || buf[pos] === MINUS)) pos++;
    if (pos >= end || !isDigit(buf[pos])) return BAD_JSON;
    while (pos < end && isDigit(buf[pos])) pos++;
  }
  return pos;
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/** The end of `true`, `false` or `null` at `pos`, or BAD_JSON. */
function literalEnd(buf: Buffer, pos: number, end: number): number {
  const c = buf[pos];
  const word = c === 0x74 ? TRUE : c === 0x66 ? FALSE : c === 0x6e ? NULL : undefined;
  if (word === undefined || pos + word.length > end) return BAD_JSON;
  for (let k = 1; k < word.length; k++) if (buf[pos + k] !== word[k]) return BAD_JSON;
  return pos + word.length;
}

/** After the spaces at `pos`: one comparison a byte that is none, and none past the end (undefined). */
function spaceEnd(buf: Buffer, pos: number): number {
  while (buf[pos] <= SPACE && isSpace(buf[pos])) pos++;
  return pos;
}

/** Whether `buf[start, end)` (no escapes) spells a key the validator forbids. */
function isForbiddenKeyBytes(buf: Buffer, start: number, end: number): boolean {
  const length = end - start;
  if (length !== 9 && length !== 11) return false;
  for (const key of FORBIDDEN_KEYS) {
    if (key.length !== length) continue;
    let k = 0;
    while (k < length && key[k] === buf[start + k]) k++;
    if (k === length) return true;
  }
  return false;
}

/** After an object key's opening quote at `pos`: the position after its colon and the spaces around it. */
function keyEnd(buf: Buffer, pos: number, end: number, keysChecked: boolean): number {
  if (pos >= end || buf[pos] !== QUOTE) return BAD_JSON;
  const close = stringClose(buf, pos, end);
  if (close < 0) return BAD_JSON;
  if (keysChecked && ((stringFlags & ESCAPED) !== 0 || isForbiddenKeyBytes(buf, pos + 1, close))) return NEEDS_CARE;
  pos = spaceEnd(buf, close + 1);
  if (pos >= end || buf[pos] !== COLON) return BAD_JSON;
  return spaceEnd(buf, pos + 1);
}

/** walkJson's open containers: a 64 KB datagram cannot nest deeper. */
const openStack = new Uint8Array(64 * 1024);

/**
 * Checks the JSON value at `pos` (no leading space) as JSON.parse would, in one loop with an
 * explicit stack and nothing built; returns the position after it. The subtrees the scanner only
 * checks (metadata, aws, sql: ~40% of a segment's bytes) go through here; the recursive careful
 * walk, with its bookkeeping per key, took 15% longer over a whole document (2.3 µs against 2.0).
 * With `keysChecked`, NEEDS_CARE at the first escaped or forbidden key or a container deeper than
 * `levels`, which the careful walk then decides; without, keys are not looked at and `levels`
 * only bounds the stack. A syntax error is BAD_JSON at once: it is the whole document's verdict.
 */
function walkJson(buf: Buffer, pos: number, end: number, levels: number, keysChecked: boolean): number {
  let depth = 0;
  for (;;) {
    // A value at pos.
    if (pos >= end) return BAD_JSON;
    const c = buf[pos];
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth >= levels) return keysChecked ? NEEDS_CARE : BAD_JSON;
      pos = spaceEnd(buf, pos + 1);
      const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
      if (pos < end && buf[pos] === close) pos++;
      else {
        openStack[depth++] = c;
        if (c === OPEN_BRACE) {
          pos = keyEnd(buf, pos, end, keysChecked);
          if (pos < 0) return pos;
        }
        continue;
      }
    } else if (c === QUOTE) {
      pos = stringClose(buf, pos, end);
      if (pos < 0) return BAD_JSON;
      pos++;
    } else {
      pos = c === MINUS || isDigit(c) ? numberEnd(buf, pos, end) : literalEnd(buf, pos, end);
      if (pos < 0) return BAD_JSON;
    }
    // After a value: close containers, or on to the next element.
    for (;;) {
      if (depth === 0) return pos;
      pos = spaceEnd(buf, pos);
      if (pos >= end) return BAD_JSON;
      const open = openStack[depth - 1];
      const next = buf[pos++];
      if (next === COMMA) {
        pos = spaceEnd(buf, pos);
        if (open === OPEN_BRACE) {
          pos = keyEnd(buf, pos, end, keysChecked);
          if (pos < 0) return pos;
        }
        break;
      }
      if (next !== (open === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) return BAD_JSON;
      depth--;
    }
  }
}

// Names, methods, URLs, annotation keys and values repeat from document to document: a short ASCII
// string is looked up here by its bytes before a new one is made, so most documents allocate
// strings only for their ids. Bounded: a slot holds the last string hashed to it. A slot's bytes
// are kept beside its string (comparing them with the key's was 2.5x cheaper than charCodeAt),
// and the hash reads five bytes, not all: a lookup was 8% of the scanner's time with both loops
// over every byte. Strings that differ only elsewhere share a slot, which costs a miss, not a
// wrong string.
const CACHE_SLOTS = 4096;
const MAX_CACHED_LENGTH = 128;
const cachedStrings: (string | undefined)[] = new Array<string | undefined>(CACHE_SLOTS).fill(undefined);
const cachedBytes = new Uint8Array(CACHE_SLOTS * MAX_CACHED_LENGTH);

function cachedAscii(buf: Buffer, start: number, end: number): string {
  const length = end - start;
  if (length > MAX_CACHED_LENGTH || length === 0) return buf.toString('latin1', start, end);
  let hash = Math.imul(length ^ buf[start], 0x01000193);
  hash = Math.imul(hash ^ buf[end - 1], 0x01000193);
  hash = Math.imul(hash ^ buf[start + (length >> 1)], 0x01000193);
  hash = Math.imul(hash ^ buf[start + (length >> 2)], 0x01000193);
  hash = Math.imul(hash ^ buf[end - 1 - (length >> 2)], 0x01000193);
  const slot = (hash >>> 16) & (CACHE_SLOTS - 1);
  const cached = cachedStrings[slot];
  const base = slot * MAX_CACHED_LENGTH;
  if (cached !== undefined && cached.length === length) {
    let k = 0;
    while (k < length && cachedBytes[base + k] === buf[start + k]) k++;
    if (k === length) return cached;
  }
  const made = buf.toString('latin1', start, end);
  cachedStrings[slot] = made;
  buf.copy(cachedBytes, base, start, end);
  return made;
}

// Small objects repeat as well: an annotation set (a route, a user handle, a flag), a stack frame,
// a call's `http` (method, URL, status). One whose bytes are those of an object of its kind read
// before is that object again, frozen and shared: equal bytes are an equal, complete object, so
// nothing of it needs reading again, and the store keeps its copy of a shared annotation set by
// the object's identity (segment-record.ts) instead of hashing it per document. Bounded and
// direct-mapped like the strings. Hashing and comparing go four bytes at a time (DataView reads):
// byte by byte they cost about what reading the object did. The hash reads at most 16 words,
// spread over the object: sets that differ in one short value are otherwise alike.
const OBJECT_SLOTS = 1024;
const MAX_SHARED_OBJECT_BYTES = 256;
const sharedObjects: (Lean | undefined)[] = new Array<Lean | undefined>(OBJECT_SLOTS).fill(undefined);
const sharedObjectKinds = new Uint8Array(OBJECT_SLOTS);
const sharedObjectLengths = new Uint16Array(OBJECT_SLOTS);
const sharedObjectBytes = new Uint8Array(OBJECT_SLOTS * MAX_SHARED_OBJECT_BYTES);
const sharedObjectView = new DataView(sharedObjectBytes.buffer);

/** The slot of the object `view[start, end)` of `kind` (an object is at least 2 bytes long). */
function objectSlot(kind: Kind, view: DataView, start: number, end: number): number {
  const length = end - start;
  let hash = Math.imul(length ^ (kind << 16), 0x01000193);
  const step = (length >> 4) + 1;
  let k = start;
  for (; k + 4 <= end; k += step) hash = Math.imul(hash ^ view.getInt32(k), 0x01000193);
  hash = Math.imul(hash ^ view.getUint16(end - 2), 0x01000193);
  return Math.imul(hash, 0x9e3779b1) >>> 22;
}

/** The shared object in `slot` if it is of `kind` and its bytes are `view[start, end)`, else undefined. */
function sharedObjectAt(slot: number, kind: Kind, view: DataView, start: number, end: number): Lean | undefined {
  const length = end - start;
  if (sharedObjectLengths[slot] !== length || sharedObjectKinds[slot] !== kind) return undefined;
  const base = slot * MAX_SHARED_OBJECT_BYTES;
  let k = 0;
  for (; k + 4 <= length; k += 4)
    if (sharedObjectView.getInt32(base + k) !== view.getInt32(start + k)) return undefined;
  for (; k < length; k++) if (sharedObjectView.getUint8(base + k) !== view.getUint8(start + k)) return undefined;
  return sharedObjects[slot];
}

function shareObject(slot: number, kind: Kind, buf: Buffer, start: number, end: number, object: Lean): void {
  // Frozen to the bottom: `http` holds its request and response objects.
  for (const key in object) {
    const value = object[key];
    if (typeof value === 'object' && value !== null) Object.freeze(value);
  }
  sharedObjects[slot] = Object.freeze(object);
  sharedObjectKinds[slot] = kind;
  sharedObjectLengths[slot] = end - start;
  buf.copy(sharedObjectBytes, slot * MAX_SHARED_OBJECT_BYTES, start, end);
}

/**
 * An ASCII string that is new in every document (an id). A segment id (16 characters, ~4 a
 * document) is made by String.fromCharCode in 27-33 ns, where Buffer's toString takes 65 (a call
 * into C++ through three JavaScript wrappers); longer ones (trace ids) took longer that way.
 */
function uniqueAscii(buf: Buffer, start: number, end: number): string {
  if (end - start !== 16) return buf.toString('latin1', start, end);
  const b = start;
  return String.fromCharCode(
    buf[b],
    buf[b + 1],
    buf[b + 2],
    buf[b + 3],
    buf[b + 4],
    buf[b + 5],
    buf[b + 6],
    buf[b + 7],
    buf[b + 8],
    buf[b + 9],
    buf[b + 10],
    buf[b + 11],
    buf[b + 12],
    buf[b + 13],
    buf[b + 14],
    buf[b + 15],
  );
}

/** Keys seen with DEEP or FORBIDDEN inside their value: a later duplicate key replaces the value. */
interface FlaggedKey {
  readonly key: string;
  readonly mask: number;
}

/**
 * The elements of the arrays being read (see readArray), the first `elementCount` of them: set to
 * a smaller length, an array drops its backing store, which the next push allocates again.
 */
const elements: unknown[] = [];
let elementCount = 0;

class Scanner {
  buf: Buffer = Buffer.alloc(0);
  end = 0;
  pos = 0;
  /** DEEP | FORBIDDEN of the value read last. */
  mask = 0;
  /** Flags of the string skipped last. */
  private stringFlags = 0;
  /** End (the closing quote) of the string skipped last. */
  private stringEnd = 0;
  /** A DataView of `buf`, made when a document first needs it (see view). */
  private bufView: DataView | undefined;

  /** Starts on `buf[start..]`. */
  reset(buf: Buffer, start: number): void {
    this.buf = buf;
    this.end = buf.length;
    this.pos = start;
    this.mask = 0;
    this.bufView = undefined;
    elementCount = 0;
  }

  /** `buf` as a DataView, for reading four bytes at a time. */
  private view(): DataView {
    return (this.bufView ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }

  ws(): void {
    const buf = this.buf;
    let pos = this.pos;
    while (pos < this.end) {
      const c = buf[pos];
      if (!isSpace(c)) break;
      pos++;
    }
    this.pos = pos;
  }

  private expect(c: number): void {
    if (this.pos >= this.end || this.buf[this.pos] !== c) throw SYNTAX_ERROR;
    this.pos++;
  }

  /** Skips a string starting at its opening quote; sets stringEnd and stringFlags. */
  private skipString(): void {
    const close = stringClose(this.buf, this.pos, this.end);
    if (close < 0) throw SYNTAX_ERROR;
    this.stringEnd = close;
    this.stringFlags = stringFlags;
    this.pos = close + 1;
  }

  /** The string in `buf[start, end)` with `flags` from skipString, as JSON.parse would give it. */
  private stringValue(start: number, end: number, flags: number, cache = true): string {
    if (flags === 0) return cache ? cachedAscii(this.buf, start, end) : uniqueAscii(this.buf, start, end);
    // The datagram is decoded as UTF-8 before JSON.parse sees it; a string ends at an ASCII quote,
    // which no invalid UTF-8 sequence swallows, so decoding it alone gives the same characters.
    if (flags === NON_ASCII) return this.buf.toString('utf8', start, end);
    return JSON.parse(this.buf.toString('utf8', start - 1, end + 1)) as string;
  }

  readString(cache: boolean): string {
    const start = this.pos + 1;
    this.skipString();
    return this.stringValue(start, this.stringEnd, this.stringFlags, cache);
  }

  /** Reads an object key (at its quote) and the colon after it; returns the key's start. */
  private key(): number {
    if (this.pos >= this.end || this.buf[this.pos] !== QUOTE) throw SYNTAX_ERROR;
    const start = this.pos + 1;
    this.skipString();
    this.ws();
    this.expect(COLON);
    this.ws();
    return start;
  }

  /** The key skipped last (call before reading its value). */
  private keyText(start: number): string {
    return this.stringValue(start, this.stringEnd, this.stringFlags);
  }

  /** Whether the key skipped last is one the validator forbids (call before reading its value). */
  private keyIsForbidden(start: number): boolean {
    if (this.stringFlags === 0) return isForbiddenKeyBytes(this.buf, start, this.stringEnd);
    return (this.stringFlags & ESCAPED) !== 0 && isForbiddenKeyText(this.keyText(start));
  }

  /** Skips a number, checking its grammar. */
  private skipNumber(): void {
    const end = numberEnd(this.buf, this.pos, this.end);
    if (end < 0) throw SYNTAX_ERROR;
    this.pos = end;
  }

  /**
   * The number at pos, its grammar checked and its value taken in one pass over its digits (two
   * timestamps of 16 digits an entity). The value is m / 10^k of the exact mantissa, correctly
   * rounded; an exponent or more digits than that holds exactly goes to Number().
   */
  private readNumber(): number {
    const buf = this.buf;
    const end = this.end;
    const start = this.pos;
    let pos = start;
    if (buf[pos] === MINUS) pos++;
    let m = 0;
    if (pos < end && buf[pos] === ZERO) pos++;
    else if (pos < end && buf[pos] > ZERO && buf[pos] <= NINE)
      while (pos < end && isDigit(buf[pos])) m = m * 10 + (buf[pos++] - ZERO);
    else throw SYNTAX_ERROR;
    let scale = 0;
    if (pos < end && buf[pos] === DOT) {
      const fraction = ++pos;
      while (pos < end && isDigit(buf[pos])) m = m * 10 + (buf[pos++] - ZERO);
      scale = pos - fraction;
      if (scale === 0) throw SYNTAX_ERROR;
    }
    if (pos < end && (buf[pos] === LOWER_E || buf[pos] === UPPER_E)) {
      this.skipNumber();
      return Number(buf.toString('latin1', start, this.pos));
    }
    this.pos = pos;
    if (m > MAX_EXACT || scale > 22) return Number(buf.toString('latin1', start, pos));
    const value = scale === 0 ? m : m / POWERS_OF_TEN[scale];
    return buf[start] === MINUS ? -value : value;
  }

  private scalar(cache: boolean): unknown {
    if (this.pos >= this.end) throw SYNTAX_ERROR;
    const c = this.buf[this.pos];
    this.mask = 0;
    if (c === QUOTE) return this.readString(cache);
    if (c === MINUS || isDigit(c)) return this.readNumber();
    const end = literalEnd(this.buf, this.pos, this.end);
    if (end < 0) throw SYNTAX_ERROR;
    this.pos = end;
    return c === 0x74 ? true : c === 0x66 ? false : null;
  }

  /** Reads the value at pos (no leading whitespace) of the given kind at `depth`; sets mask. */
  read(kind: Kind, depth: number): unknown {
    const c = this.buf[this.pos];
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth > MAX_DOCUMENT_DEPTH) {
        this.skipDeep();
        this.mask = DEEP;
        return undefined;
      }
      if (kind === Kind.Opaque) {
        this.skip(depth);
        return c === OPEN_BRACE ? OPAQUE_OBJECT : OPAQUE_ARRAY;
      }
      if (c === OPEN_BRACKET) return this.readArray(kind === Kind.Entities ? Kind.Entity : Kind.Generic, depth);
      return kind === Kind.Generic || kind === Kind.Http
        ? this.readSharedObject(kind, depth)
        : this.readObject(schemaOf(kind), depth);
    }
    return this.scalar(kind !== Kind.Unique);
  }

  private readArray(elementKind: Kind, depth: number): unknown[] {
    this.pos++;
    this.ws();
    let mask = 0;
    if (this.pos < this.end && this.buf[this.pos] === CLOSE_BRACKET) {
      this.pos++;
      this.mask = 0;
      return [];
    }
    // Elements go onto a shared stack and leave it as one exact-size copy: an array grown by
    // push would allocate 17 slots for the usual one or two subsegments.
    const base = elementCount;
    for (;;) {
      const element = this.read(elementKind, depth + 1);
      elements[elementCount++] = element;
      mask |= this.mask;
      this.ws();
      if (this.pos >= this.end) throw SYNTAX_ERROR;
      const c = this.buf[this.pos++];
      if (c === CLOSE_BRACKET) break;
      if (c !== COMMA) throw SYNTAX_ERROR;
      this.ws();
    }
    this.mask = mask;
    const out = elements.slice(base, elementCount);
    elementCount = base;
    return out;
  }

  /**
   * Reads a generic object (flat: no object or array in it) or an `http` (objects two levels
   * deep at most), shared when the same bytes were read before; any other reads as ever.
   */
  private readSharedObject(kind: Kind, depth: number): Lean {
    const shape = schemaOf(kind);
    const levels = kind === Kind.Http ? 2 : 1;
    const start = this.pos;
    // Positive only without escaped or forbidden keys and deeper nesting; within the depth
    // limit too, the mask of what is read is then 0.
    const end = depth + levels <= MAX_DOCUMENT_DEPTH ? walkJson(this.buf, start, this.end, levels, true) : BAD_JSON;
    if (end < 0 || end - start > MAX_SHARED_OBJECT_BYTES) return this.readObject(shape, depth);
    const view = this.view();
    const slot = objectSlot(kind, view, start, end);
    const shared = sharedObjectAt(slot, kind, view, start, end);
    if (shared !== undefined) {
      this.pos = end;
      this.mask = 0;
      return shared;
    }
    const out = this.readObject(shape, depth);
    shareObject(slot, kind, this.buf, start, end, out);
    return out;
  }

  /** Reads an object: in full (no schema) or only its schema's keys. */
  private readObject(shape: Schema | undefined, depth: number): Lean {
    const out: Lean = shape === undefined ? {} : shape.create();
    this.pos++;
    this.ws();
    if (this.pos < this.end && this.buf[this.pos] === CLOSE_BRACE) {
      this.pos++;
      this.mask = 0;
      return out;
    }
    let forbidden = 0;
    let flagged: FlaggedKey[] | undefined;
    /** Whether a field past the schema's stored ones was added (by name). */
    let added = false;
    for (;;) {
      const start = this.key();
      const keyFlags = this.stringFlags;
      // Keys are only spelled out when needed: generic objects, escapes, and duplicates of a flagged key.
      let name = shape === undefined || keyFlags !== 0 || flagged !== undefined ? this.keyText(start) : undefined;
      if (flagged !== undefined) flagged = withoutKey(flagged, name as string);
      const keyEnd = this.stringEnd;
      const index =
        shape === undefined
          ? -1
          : name === undefined
            ? shape.match(this.buf, start, keyEnd)
            : shape.names.indexOf(name);
      // No schema's name is forbidden: only other keys are compared with the forbidden ones.
      if (index < 0 && this.keyIsForbidden(start)) {
        this.skip(depth + 1);
        forbidden |= FORBIDDEN | this.mask;
      } else {
        if (shape === undefined) out[name as string] = this.read(Kind.Generic, depth + 1);
        else {
          if (index < 0) this.skip(depth + 1);
          else {
            const value = this.read(shape.kinds[index], depth + 1);
            // An object under an opaque key is what the validator wants there: nothing to keep,
            // unless it replaces an earlier duplicate's value.
            if (value !== OPAQUE_OBJECT) {
              shape.set(out, index, value);
              added ||= index >= shape.stored;
            } else if (added) shape.set(out, index, undefined);
          }
        }
        if (this.mask !== 0) {
          name ??= this.stringValue(start, keyEnd, keyFlags);
          (flagged ??= []).push({ key: name, mask: this.mask });
        }
      }
      this.ws();
      if (this.pos >= this.end) throw SYNTAX_ERROR;
      const c = this.buf[this.pos++];
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) throw SYNTAX_ERROR;
      this.ws();
    }
    this.mask = forbidden | maskOf(flagged);
    return out;
  }

  /** Checks the value at pos without building it; sets mask. */
  skip(depth: number): void {
    if (this.pos >= this.end) throw SYNTAX_ERROR;
    const c = this.buf[this.pos];
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth > MAX_DOCUMENT_DEPTH) return this.skipDeep();
      const after = walkJson(this.buf, this.pos, this.end, MAX_DOCUMENT_DEPTH + 1 - depth, true);
      if (after === BAD_JSON) throw SYNTAX_ERROR;
      if (after === NEEDS_CARE) return this.skipCarefully(depth);
      this.pos = after;
      this.mask = 0;
      return;
    }
    this.skipScalar();
  }

  private skipScalar(): void {
    const c = this.buf[this.pos];
    this.mask = 0;
    if (c === QUOTE) this.skipString();
    else if (c === MINUS || isDigit(c)) this.skipNumber();
    else this.scalar(false);
  }

  /**
   * skip's walk for a container that holds an escaped or forbidden key or too deep nesting: what
   * its keys and values hold is tracked key by key, as the validator's shape walk would meet them.
   */
  private skipCarefully(depth: number): void {
    if (this.pos >= this.end) throw SYNTAX_ERROR;
    const c = this.buf[this.pos];
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return this.skipScalar();
    if (depth > MAX_DOCUMENT_DEPTH) return this.skipDeep();
    this.pos++;
    this.ws();
    const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
    if (this.pos < this.end && this.buf[this.pos] === close) {
      this.pos++;
      this.mask = 0;
      return;
    }
    let forbidden = 0;
    let mask = 0;
    let flagged: FlaggedKey[] | undefined;
    for (;;) {
      if (c === OPEN_BRACKET) {
        this.skipCarefully(depth + 1);
        mask |= this.mask;
      } else {
        const start = this.key();
        const keyEnd = this.stringEnd;
        const keyFlags = this.stringFlags;
        let name = flagged === undefined ? undefined : this.keyText(start);
        if (flagged !== undefined) flagged = withoutKey(flagged, name as string);
        const isForbidden = this.keyIsForbidden(start);
        this.skipCarefully(depth + 1);
        if (isForbidden) forbidden |= FORBIDDEN | this.mask;
        else if (this.mask !== 0) {
          name ??= this.stringValue(start, keyEnd, keyFlags);
          (flagged ??= []).push({ key: name, mask: this.mask });
        }
      }
      this.ws();
      if (this.pos >= this.end) throw SYNTAX_ERROR;
      const next = this.buf[this.pos++];
      if (next === close) break;
      if (next !== COMMA) throw SYNTAX_ERROR;
      this.ws();
    }
    this.mask = mask | forbidden | maskOf(flagged);
  }

  /** Checks a container nested deeper than the validator's limit: its keys no longer matter. */
  private skipDeep(): void {
    const after = walkJson(this.buf, this.pos, this.end, openStack.length, false);
    if (after < 0) throw SYNTAX_ERROR;
    this.pos = after;
    this.mask = DEEP;
  }
}

function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function isHexDigit(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** `"`, `\`, `/`, `b`, `f`, `n`, `r`, `t`. */
function isSimpleEscape(c: number): boolean {
  return (
    c === QUOTE || c === BACKSLASH || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74
  );
}

function withoutKey(flagged: FlaggedKey[], key: string): FlaggedKey[] | undefined {
  const kept = flagged.filter((entry) => entry.key !== key);
  return kept.length === 0 ? undefined : kept;
}

function maskOf(flagged: FlaggedKey[] | undefined): number {
  let mask = 0;
  if (flagged !== undefined) for (const entry of flagged) mask |= entry.mask;
  return mask;
}

/** One scanner, reset per document: scanning is synchronous, so documents never interleave. */
const SCANNER = new Scanner();
const NO_BYTES = Buffer.alloc(0);

/**
 * Reads and validates the segment document in `buf[start..]` (a datagram's body). The verdict is
 * JSON.parse's and validateSegmentDocument's: `bad_json` for any text JSON.parse refuses, else
 * the validator's reason; an accepted document holds the fields the store reads, without
 * metadata, aws, sql and service (the text keeps them). Returns undefined when
 * only the full parse can tell the reason (a forbidden key and too deep nesting in one document).
 * Never throws.
 */
export function scanSegmentDocument(buf: Buffer, start: number): ValidationResult | undefined {
  const scanner = SCANNER;
  scanner.reset(buf, start);
  let root: unknown;
  let mask = 0;
  try {
    scanner.ws();
    // Cheap refusal of cut-off documents: a JSON object or array ends with its closing bracket.
    const first = buf[scanner.pos];
    let last = buf.length - 1;
    while (last > scanner.pos && isSpace(buf[last])) last--;
    if ((first === OPEN_BRACE && buf[last] !== CLOSE_BRACE) || (first === OPEN_BRACKET && buf[last] !== CLOSE_BRACKET))
      return { ok: false, reason: 'bad_json' };
    if (first === OPEN_BRACE) {
      root = scanner.read(Kind.Entity, 0);
      mask = scanner.mask;
    } else scanner.skip(0);
    scanner.ws();
    if (scanner.pos !== buf.length) return { ok: false, reason: 'bad_json' };
  } catch (error) {
    if (error === SYNTAX_ERROR) return { ok: false, reason: 'bad_json' };
    throw error;
  } finally {
    // Not to keep the datagram alive until the next one.
    scanner.reset(NO_BYTES, 0);
  }
  if (root === undefined) return { ok: false, reason: 'not_object' };
  switch (mask) {
    case 0:
      return validateShapedDocument(root as Record<string, unknown>);
    case DEEP:
      return { ok: false, reason: 'too_deep' };
    case FORBIDDEN:
      return { ok: false, reason: 'forbidden_key' };
    default:
      return undefined;
  }
}
