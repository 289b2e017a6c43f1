import { delay, firstValueFrom, from, lastValueFrom, mergeMap, of, timer, toArray } from 'rxjs';
import { ActiveTrace, currentTrace, outsideAnyTrace, runInTrace } from './trace-context';

const traceOf = (i: number): ActiveTrace => ({
  traceId: `1-00000000-${String(i).padStart(24, '0')}`,
  sampled: false,
  spanId: String(i).padStart(16, '0'),
});
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One flow: awaits, timers, setImmediate and rxjs, reporting the trace it sees at each step. */
async function flow(i: number): Promise<Array<string | undefined>> {
  const seen: Array<string | undefined> = [];
  const look = () => seen.push(currentTrace()?.traceId);
  look();
  await pause(i % 7);
  look();
  await new Promise<void>((r) => setTimeout(() => (look(), r()), (i * 3) % 5));
  await new Promise<void>((r) => setImmediate(() => (look(), r())));
  await Promise.all([pause(1).then(look), Promise.resolve().then(look)]);
  await lastValueFrom(
    from([1, 2, 3]).pipe(
      mergeMap((n) => of(n).pipe(delay((i + n) % 4))),
      mergeMap((n) => timer(n % 2).pipe(mergeMap(() => (look(), of(n))))),
      toArray(),
    ),
  );
  await firstValueFrom(of(i).pipe(delay(1)));
  look();
  return seen;
}

describe('trace context', () => {
  it('is undefined outside runInTrace and restored after it', () => {
    expect(currentTrace()).toBeUndefined();
    expect(runInTrace(traceOf(1), () => runInTrace(traceOf(2), () => currentTrace()?.traceId))).toBe(
      traceOf(2).traceId,
    );
    expect(currentTrace()).toBeUndefined();
  });

  it('keeps 200 concurrent async flows each in its own trace', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => runInTrace(traceOf(i), () => flow(i))));
    results.forEach((seen, i) => {
      expect(seen.length).toBe(10);
      expect(new Set(seen)).toEqual(new Set([traceOf(i).traceId]));
    });
    expect(currentTrace()).toBeUndefined();
  });

  it('a flow started outside any trace never sees one', async () => {
    const [outside] = await Promise.all([flow(3), runInTrace(traceOf(9), () => flow(9))]);
    expect(new Set(outside)).toEqual(new Set([undefined]));
  });
});

describe('outsideAnyTrace', () => {
  it('runs with no trace, and what it starts stays without one', async () => {
    const later = await runInTrace(traceOf(4), () => outsideAnyTrace(() => pause(1).then(() => currentTrace())));
    expect(later).toBeUndefined();
    expect(runInTrace(traceOf(5), () => currentTrace()?.traceId)).toBe(traceOf(5).traceId);
  });
});
