import { randomTrace } from './random-trace.fixture';
import { linkTraceCalls, traceCalls } from './trace-calls';
import { referenceLinkTraceCalls } from './trace-calls.fixture';
import { TraceIndex } from './trace-index';

/** Some of the random traces' callees send segments; `db` and `DynamoDB` do not. */
const SENDERS: ReadonlySet<string> = new Set(['gateway', 'activities', 'notifications']);

describe('linkTraceCalls', () => {
  const traces = Array.from({ length: 300 }, (_, n) => ({ seed: n + 1, large: n % 5 === 0 })).map(
    ({ seed, large }) => ({ seed, large, trace: randomTrace(seed, large) }),
  );

  it('links random traces exactly as the Map/Set linking it replaced, in the same order', () => {
    for (const { seed, large, trace } of traces)
      expect([seed, large, linkTraceCalls(trace, SENDERS)]).toEqual([
        seed,
        large,
        referenceLinkTraceCalls(trace, SENDERS),
      ]);
  });

  it('is checked on traces with every kind of call', () => {
    const calls = traces.flatMap(({ trace }) => linkTraceCalls(trace, SENDERS));
    const streamed = traces.filter(({ trace }) => trace.segments.some((r) => r.kind === 'subsegment'));
    const parentIds = traces.map(({ trace }) =>
      trace.segments.flatMap((r) => (r.kind === 'segment' && r.parentId !== undefined ? [r.parentId] : [])),
    );
    expect({
      toSegment: calls.some((c) => !c.inferred),
      inferred: calls.some((c) => c.inferred && !c.missingDownstream),
      missingDownstream: calls.some((c) => c.missingDownstream),
      aws: calls.some((c) => c.callee.type?.startsWith('AWS::')),
      fromStreamedSubsegment: streamed.some(({ trace }) => linkTraceCalls(trace, SENDERS).length > 0),
      withoutCallSite: traces.some(({ trace }) => traceCalls(new TraceIndex(trace)).some((c) => c.site === undefined)),
      twoDownstreamsForOneParent: parentIds.some((ids) => new Set(ids).size < ids.length),
      large: traces.some(({ trace }) => trace.segments.length > 16),
    }).toEqual({
      toSegment: true,
      inferred: true,
      missingDownstream: true,
      aws: true,
      fromStreamedSubsegment: true,
      withoutCallSite: true,
      twoDownstreamsForOneParent: true,
      large: true,
    });
  });
});
