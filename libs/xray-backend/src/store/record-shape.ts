import { outcomeFlagsOf, type EntityFields, type HttpData, type OutcomeFlags } from '@cruddur/xray-contracts';

import type { StringPool } from './string-pool';

const ERROR = 1;
const THROTTLE = 2;
const FAULT = 4;
const HAS_HTTP = 8;
const HAS_REQUEST = 16;
const HAS_RESPONSE = 32;
const TRACED = 64;
const HAS_TRACED = 128;
/** Set by the caller through `extraFlags`: the document is in progress. */
export const IN_PROGRESS = 256;
/** Set by the caller through `extraFlags`: a document sent on its own with `type: "subsegment"`. */
export const SUBSEGMENT = 512;
/**
 * Set by the caller through `extraFlags`: the document has a parent id. Read with the kind by
 * every trace a filter scans (its root segment); the id itself is in the slab, whose read there
 * missed the cache once per record.
 */
export const HAS_PARENT = 1024;

function flagsOf(entity: EntityFields): number {
  const { error, throttle, fault } = outcomeFlagsOf(entity);
  const http = entity.http;
  let flags = (error ? ERROR : 0) | (throttle ? THROTTLE : 0) | (fault ? FAULT : 0);
  if (http !== undefined) {
    flags |= HAS_HTTP;
    if (http.request !== undefined) flags |= HAS_REQUEST;
    if (http.response !== undefined) flags |= HAS_RESPONSE;
    if (http.request?.traced !== undefined) flags |= HAS_TRACED | (http.request.traced ? TRACED : 0);
  }
  return flags;
}

/**
 * What a stored segment or call site shares with many others: name, namespace or origin, user,
 * outcome and kind flags, and the HTTP facts that are read. Shapes are interned, so the records of
 * one route share one object instead of 10 fields each (~64 B less per record and per call site,
 * see docs/benchmarks-history.md, Daemon queries, Round 3). Immutable.
 */
export class RecordShape implements OutcomeFlags {
  constructor(
    readonly flags: number,
    readonly name: string,
    readonly namespace: string | undefined,
    readonly origin: string | undefined,
    readonly user: string | undefined,
    private readonly method: string | undefined,
    readonly url: string | undefined,
    private readonly userAgent: string | undefined,
    readonly clientIp: string | undefined,
    /** `http.response.status`, as {@link http} gives it; integral statuses are small integers (unboxed). */
    readonly status: number | undefined,
  ) {}

  get error(): boolean {
    return (this.flags & ERROR) !== 0;
  }

  get throttle(): boolean {
    return (this.flags & THROTTLE) !== 0;
  }

  get fault(): boolean {
    return (this.flags & FAULT) !== 0;
  }

  get traced(): boolean {
    return (this.flags & TRACED) !== 0;
  }

  /** The fields of `http` that summaries, filters and the graph read, as a fresh object. */
  get http(): HttpData | undefined {
    const flags = this.flags;
    if ((flags & HAS_HTTP) === 0) return undefined;
    const out: HttpData = {};
    if ((flags & HAS_REQUEST) !== 0) {
      out.request = {
        method: this.method,
        url: this.url,
        user_agent: this.userAgent,
        client_ip: this.clientIp,
        traced: (flags & HAS_TRACED) === 0 ? undefined : (flags & TRACED) !== 0,
      };
    }
    if ((flags & HAS_RESPONSE) !== 0) out.response = this.status === undefined ? {} : { status: this.status };
    return out;
  }

  /** Whether this shape holds exactly these values. */
  matches(
    flags: number,
    name: string,
    namespace: string | undefined,
    origin: string | undefined,
    user: string | undefined,
    entity: EntityFields,
  ): boolean {
    const request = entity.http?.request;
    return (
      this.flags === flags &&
      Object.is(this.status, entity.http?.response?.status) &&
      this.url === request?.url &&
      this.name === name &&
      this.method === request?.method &&
      this.namespace === namespace &&
      this.origin === origin &&
      this.user === user &&
      this.userAgent === request?.user_agent &&
      this.clientIp === request?.client_ip
    );
  }
}

/** Shapes compared per (URL, client IP) before giving up on sharing: bounds the cost of a miss. */
const MAX_PER_KEY = 8;

/**
 * Interned shapes, bounded like the string pool: once it holds `capacity` shapes it starts over,
 * and at most {@link MAX_PER_KEY} share a (URL, client IP) key, so high-cardinality values cost a
 * lookup and their own shape, never unbounded memory or time.
 *
 * Measured hot path (about twice per stored segment): looked up by the URL (the name without
 * one), then the client IP, both strings of the document as they are; a key string of all fields
 * cost ~1 µs per segment more than interning each field did, as much as the rest of a record.
 */
export class RecordShapes {
  private readonly shapes = new Map<string, Map<string | undefined, RecordShape[]>>();
  private count = 0;

  constructor(
    /** Interns the strings of new shapes (shared with the records' other strings). */
    private readonly strings: StringPool,
    private readonly capacity = 20_000,
  ) {}

  /**
   * The shape of `entity` with `extraFlags` ({@link IN_PROGRESS}, {@link SUBSEGMENT}, {@link HAS_PARENT}); `namespace`
   * is given for call sites, `origin` and `user` for segments.
   */
  of(
    entity: EntityFields,
    extraFlags: number,
    namespace: string | undefined,
    origin: string | undefined,
    user: string | undefined,
  ): RecordShape {
    const flags = flagsOf(entity) | extraFlags;
    const http = entity.http;
    const request = http?.request;
    let byIp = this.shapes.get(request?.url ?? entity.name);
    let known = byIp?.get(request?.client_ip);
    if (known !== undefined) {
      for (let i = 0; i < known.length; i++)
        if (known[i].matches(flags, entity.name, namespace, origin, user, entity)) return known[i];
      if (known.length >= MAX_PER_KEY) return this.create(flags, entity, namespace, origin, user);
    }
    const shape = this.create(flags, entity, namespace, origin, user);
    if (this.count >= this.capacity) {
      this.shapes.clear();
      this.count = 0;
      byIp = known = undefined;
    }
    this.count++;
    if (known !== undefined) known.push(shape);
    else if (byIp !== undefined) byIp.set(shape.clientIp, [shape]);
    else this.shapes.set(shape.url ?? shape.name, new Map([[shape.clientIp, [shape]]]));
    return shape;
  }

  private create(
    flags: number,
    entity: EntityFields,
    namespace: string | undefined,
    origin: string | undefined,
    user: string | undefined,
  ): RecordShape {
    const s = this.strings;
    const request = entity.http?.request;
    return new RecordShape(
      flags,
      s.intern(entity.name),
      s.intern(namespace),
      s.intern(origin),
      s.intern(user),
      s.intern(request?.method),
      s.intern(request?.url),
      s.intern(request?.user_agent),
      s.intern(request?.client_ip),
      entity.http?.response?.status,
    );
  }
}
