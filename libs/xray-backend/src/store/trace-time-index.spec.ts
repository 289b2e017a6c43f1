import type { TraceDocument } from '@cruddur/xray-contracts';
import { toSegmentRecord } from './segment-record';
import { StoredTrace } from './stored-trace';
import { TraceTimeIndex } from './trace-time-index';

describe('TraceTimeIndex', () => {
  it('gives the first trace still held of the earliest bucket (in the order traces joined it) as oldest, and every range, as a model does', () => {
    // A model of the index: per one-second bucket, its traces in the order they joined.
    const model = new Map<number, StoredTrace[]>();
    const index = new TraceTimeIndex();
    const held: StoredTrace[] = [];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const join = (trace: StoredTrace) => {
      const key = Math.floor(trace.startTime);
      model.set(key, [...(model.get(key) ?? []), trace]);
    };
    const leave = (trace: StoredTrace, time: number) => {
      const key = Math.floor(time);
      const rest = (model.get(key) ?? []).filter((t) => t !== trace);
      if (rest.length === 0) model.delete(key);
      else model.set(key, rest);
    };
    const expected = () => {
      const keys = [...model.keys()].sort((a, b) => a - b);
      return keys.length === 0 ? undefined : model.get(keys[0])?.[0];
    };
    for (let step = 0; step < 20_000; step++) {
      const op = random(10);
      if (op < 5 || held.length === 0) {
        // Mostly a few seconds of buckets, so buckets hold many traces and empty out and refill.
        const trace = new StoredTrace(`t${step}`);
        trace.startTime = 1000 + random(4) + random(1000) / 1000;
        held.push(trace);
        index.add(trace);
        join(trace);
      } else if (op < 8) {
        // Evict the oldest, as the store does.
        const oldest = index.oldest();
        expect(oldest).toBe(expected());
        if (oldest !== undefined) {
          index.remove(oldest, oldest.startTime);
          leave(oldest, oldest.startTime);
          held.splice(held.indexOf(oldest), 1);
        }
      } else if (op < 9) {
        // Any trace leaves (evicted by age, or replaced).
        const [trace] = held.splice(random(held.length), 1);
        index.remove(trace, trace.startTime);
        leave(trace, trace.startTime);
      } else {
        // A trace's start moves earlier (a document that started before it arrived late).
        const trace = held[random(held.length)];
        const from = trace.startTime;
        trace.startTime = from - random(2000) / 1000;
        const doc: TraceDocument = {
          name: 'svc',
          id: step.toString(16).padStart(16, '0'),
          trace_id: '1-5f84c7a5-000000000000000000000001',
          start_time: trace.startTime,
          end_time: trace.startTime + 0.1,
        };
        index.update(trace, from, toSegmentRecord(doc, JSON.stringify(doc)));
        if (Math.floor(from) !== Math.floor(trace.startTime)) {
          leave(trace, from);
          join(trace);
        }
      }
      expect(index.oldest()).toBe(expected());
      if (step % 97 === 0) {
        // Ranges: what the model holds in [start, end], newest first (ids break ties), and how many.
        const start = 999 + random(6000) / 1000;
        const end = start + random(3000) / 1000;
        const inRange = [...model.values()].flat().filter((t) => t.startTime >= start && t.startTime <= end);
        const micros = (t: StoredTrace) => Math.round(t.startTime * 1e6);
        inRange.sort((a, b) => micros(b) - micros(a) || (a.id < b.id ? -1 : 1));
        expect([...index.newestFirst(start, end)]).toEqual(inRange);
        expect(index.countInRange(start, end)).toBe(inRange.length);
      }
    }
  });
});
