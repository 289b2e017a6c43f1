import type { CallSite, SegmentRecord } from '../store/segment-record';
import { unpackSegmentId } from '../store/packed-segment-id';
import type { TimedOutcome } from './call-statistics';
import type { ServiceNode } from './service-node';

export interface CallEntry {
  readonly caller: ServiceNode;
  readonly site: TimedOutcome;
  /** `http.request.traced`: a downstream segment is expected. */
  readonly traced: boolean;
  /** Set while the call is counted against an inferred node, until a downstream segment claims it. */
  inferred: ServiceNode | undefined;
}

export interface ChildEntry {
  readonly service: ServiceNode;
  readonly record: TimedOutcome;
  linked: boolean;
}

/**
 * What a trace's link state knows of one id: a document's, a nested subsegment's, or a parent
 * id some downstream segment names. Looked up once per id and step.
 */
export class IdState {
  /** Service owning the id (the document or nested subsegment with it has arrived). */
  owner: ServiceNode | undefined = undefined;
  /** The completed calling subsegment with this id. */
  call: CallEntry | undefined = undefined;
  /** The first downstream segment whose parent is this id. */
  child: ChildEntry | undefined = undefined;
  /** Streamed subsegments with this parent id, waiting until the id's owner is known. */
  waiting: SegmentRecord[] | undefined = undefined;
  /** The completed document with this id is counted, so a re-sent copy is not counted twice. */
  counted = false;
  /** The document with this id was last seen in progress. */
  open = false;
}

/** Slots a table starts with: a trace of four documents and five nested subsegments fits. */
const INITIAL_SLOTS = 16;
/**
 * The id words of an empty table, as a plain array of doubles: slice() of it keeps that elements
 * kind, so uint32 words above 2^30 are stored unboxed and never change the array's kind.
 */
const EMPTY_WORDS: readonly number[] = emptyWords(INITIAL_SLOTS);
/** Where a record writes the words of the id asked for; read right after each such call. */
const SCRATCH = new Uint32Array(2);

function emptyWords(slots: number): number[] {
  return Array.from({ length: 2 * slots }, () => 0.5);
}

/** Where the probe for an id starts: both words mixed, so ids whose words are equal spread too. */
function firstSlot(high: number, low: number, mask: number): number {
  const hash = Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1);
  return (hash ^ (hash >>> 16)) & mask;
}

/**
 * One trace's id states, by id. Hand-written because it is a measured hot path (every id of every
 * ingested document): ids are looked up by their packed words (packed-segment-id.ts), which
 * records hand out without making a string, where a Map keyed by id strings made a fresh
 * 16-character string and hashed it for each of the ~15 id lookups of a four-document trace (the
 * service graph took 1.33 µs per segment that way, 1.05 this way). Open addressing over plain
 * arrays; ids that are not packed (records built by hand with other ids) go to a Map by string.
 */
export class IdStates {
  /** Two words a slot: high, low. */
  private words: number[] = EMPTY_WORDS.slice();
  private states: (IdState | undefined)[] = new Array<IdState | undefined>(INITIAL_SLOTS).fill(undefined);
  private used = 0;
  private loose: Map<string, IdState> | undefined;

  /** The state of the document's id. */
  ofDocument(record: SegmentRecord): IdState {
    return record.idWords(SCRATCH) ? this.packed(SCRATCH[0], SCRATCH[1]) : this.ofLoose(record.id);
  }

  /** The state of the document's parent id (without one: the empty id's). */
  ofParent(record: SegmentRecord): IdState {
    return record.parentIdWords(SCRATCH) ? this.packed(SCRATCH[0], SCRATCH[1]) : this.ofLoose(record.parentId ?? '');
  }

  /** The state of the id of the document's `n`th nested subsegment. */
  ofSubsegment(record: SegmentRecord, n: number): IdState {
    return record.subsegmentIdWords(n, SCRATCH)
      ? this.packed(SCRATCH[0], SCRATCH[1])
      : this.ofLoose(record.subsegmentId(n));
  }

  /** The state of a calling subsegment's id. */
  ofCall(site: CallSite): IdState {
    return site.idWords(SCRATCH) ? this.packed(SCRATCH[0], SCRATCH[1]) : this.ofLoose(site.id);
  }

  /** Ids of the counted documents, as consecutive 16-char ids in one flat string. */
  countedIds(): string {
    const ids: string[] = [];
    const states = this.states;
    for (let slot = 0; slot < states.length; slot++) {
      if (states[slot]?.counted !== true) continue;
      SCRATCH[0] = this.words[2 * slot];
      SCRATCH[1] = this.words[2 * slot + 1];
      ids.push(unpackSegmentId(SCRATCH, 0));
    }
    // forEach: an entries() loop made a [key, value] pair per id.
    this.loose?.forEach((state, id) => {
      if (state.counted) ids.push(id);
    });
    return ids.join('');
  }

  /** The state of the packed id (high, low), made on first use. */
  private packed(high: number, low: number): IdState {
    const states = this.states;
    const words = this.words;
    const mask = states.length - 1;
    let slot = firstSlot(high, low, mask);
    for (let state = states[slot]; state !== undefined; state = states[slot]) {
      if (words[2 * slot + 1] === low && words[2 * slot] === high) return state;
      slot = (slot + 1) & mask;
    }
    const state = new IdState();
    this.place(slot, high, low, state);
    // At most three quarters full, so a probe always ends at an empty slot.
    if (this.used * 4 > states.length * 3) this.grow();
    return state;
  }

  private ofLoose(id: string): IdState {
    const loose = (this.loose ??= new Map());
    let state = loose.get(id);
    if (state === undefined) loose.set(id, (state = new IdState()));
    return state;
  }

  private place(slot: number, high: number, low: number, state: IdState): void {
    this.states[slot] = state;
    this.words[2 * slot] = high;
    this.words[2 * slot + 1] = low;
    this.used++;
  }

  private grow(): void {
    const states = this.states;
    const words = this.words;
    const slots = 2 * states.length;
    this.states = new Array<IdState | undefined>(slots).fill(undefined);
    this.words = emptyWords(slots);
    this.used = 0;
    for (let slot = 0; slot < states.length; slot++) {
      const state = states[slot];
      if (state === undefined) continue;
      const high = words[2 * slot];
      const low = words[2 * slot + 1];
      let to = firstSlot(high, low, slots - 1);
      while (this.states[to] !== undefined) to = (to + 1) & (slots - 1);
      this.place(to, high, low, state);
    }
  }
}
