// Soundness of skipping time buckets in filter scans: over random traces (the call-linking
// fixture's corner cases, spread over many one-second buckets, some moving to an earlier bucket
// as documents arrive, some documents replaced, the oldest traces evicted) and random filter
// expressions, scans that skip the buckets a summary rules out find exactly what full scans find.
import { compileBucketTest } from '../filter/compile-bucket-test';
import { compileFilter } from '../filter/compile-filter';
import type { EntityFields, NestedSubsegment, TraceDocument } from '@cruddur/xray-contracts';
import type { BucketSummary } from '../store/bucket-summary';
import { toSegmentRecord } from '../store/segment-record';
import type { StoredTrace } from '../store/stored-trace';
import { TraceStore } from '../store/trace-store';
import { LazyTraceView } from '../traces/build-trace-view';
import { RANDOM_TRACE_NAMES, randomTraceDocuments, rng } from '../traces/random-trace.fixture';
import { getTraceSummaries } from './trace-summaries-query';

const NOW = 1_000_000;
/** `partial` with some callees instrumented: a call to one without its segment makes a trace partial. */
const VIEW = { now: NOW, senders: new Set(['gateway', 'activities', 'notifications']) };
const TRACES = 300;

/** `entity` and its nested subsegments `seconds` later. */
function shifted<T extends EntityFields>(entity: T, seconds: number): T {
  const subsegments: NestedSubsegment[] | undefined = entity.subsegments?.map((sub) => shifted(sub, seconds));
  const end = entity.end_time === undefined ? {} : { end_time: entity.end_time + seconds };
  return {
    ...entity,
    start_time: entity.start_time + seconds,
    ...end,
    ...(subsegments === undefined ? {} : { subsegments }),
  };
}

function randomStore(): TraceStore {
  const r = rng(42);
  // Fewer than TRACES: the oldest are evicted, leaving their facts behind in no bucket.
  const store = new TraceStore({ maxTraces: 250, maxAgeSeconds: 1e9, clock: () => NOW });
  const add = (doc: TraceDocument) => store.add(toSegmentRecord(doc, JSON.stringify(doc)));
  const again: TraceDocument[] = [];
  for (let n = 0; n < TRACES; n++) {
    const traceId = `1-5f84c7a5-${(n + 1).toString(16).padStart(24, '0')}`;
    // ~2 traces per second; a quarter of the documents start 1-3 s earlier, moving their trace when they arrive.
    for (const doc of randomTraceDocuments(n + 1, traceId, n % 10 === 0)) {
      const moved = shifted(doc, n * 5 - (r() < 0.25 ? 1 + Math.floor(r() * 3) : 0));
      add(moved);
      if (r() < 0.1) again.push({ ...moved, fault: !moved.fault, http: { response: { status: 200 } } });
    }
  }
  // Replacements: the replaced documents' facts stay in their bucket's summary.
  for (const doc of again) add(doc);
  return store;
}

const TYPES = ['AWS::ECS::Container', 'AWS::EC2::Instance', 'remote', 'AWS::DynamoDB', 'AWS::db'];
const NAMES = [...RANDOM_TRACE_NAMES, 'billing'];
const FLAGS = ['ok', 'error', 'throttle', 'fault', 'root', 'inferred', 'partial', 'first', 'last', 'remote'];
const OPERATORS = ['=', '!=', '<', '<=', '>', '>='];

/** Random expressions: service()/edge() with any kind of target and body, combined with top-level keywords. */
function expressionMaker(seed: number): () => string {
  const r = rng(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(r() * values.length)];
  const node = (): string => {
    const roll = r();
    if (roll < 0.5) return `"${pick(NAMES)}"`;
    if (roll < 0.7) return `id(name: "${pick(NAMES)}", type: "${pick(TYPES)}")`;
    if (roll < 0.85) return `id(type: "${pick(TYPES)}")`;
    return `id(name: "${pick(NAMES)}")`;
  };
  const keyword = (): string => {
    const roll = r();
    if (roll < 0.45) {
      const flag = pick(FLAGS);
      return r() < 0.3 ? `${flag} = ${r() < 0.5}` : flag;
    }
    if (roll < 0.7) return `${pick(['responsetime', 'duration'])} ${pick(OPERATORS)} ${pick([0, 0.2, 0.5, 0.9, 1, 3])}`;
    if (roll < 0.9) return `http.status ${pick(OPERATORS)} ${pick([200, 404, 429, 500])}`;
    return pick(['name = "gateway"', 'http.method = "GET"', 'user = "u1"', 'http.url CONTAINS "db"']);
  };
  const combined = (depth: number, leaf: () => string): string => {
    const roll = r();
    if (depth > 2 || roll < 0.45) return leaf();
    if (roll < 0.65) return `${combined(depth + 1, leaf)} AND ${combined(depth + 1, leaf)}`;
    if (roll < 0.85) return `(${combined(depth + 1, leaf)} OR ${combined(depth + 1, leaf)})`;
    return `!(${combined(depth + 1, leaf)})`;
  };
  const body = () => (r() < 0.2 ? '' : ` { ${combined(0, keyword)} }`);
  const top = (): string => {
    const roll = r();
    if (roll < 0.45) return `service(${r() < 0.1 ? '' : node()})${body()}`;
    if (roll < 0.85) return `edge(${node()}, ${node()})${body()}`;
    if (roll < 0.95) return keyword();
    return pick(['annotation.a', 'annotation.none = 1', 'partial']);
  };
  return () => combined(0, top);
}

describe('bucket skipping in filter scans', () => {
  const store = randomStore();
  const ids = (traces: Iterable<StoredTrace>) => [...traces].map((t) => t.id);

  it('finds exactly what full scans find, for random traces and expressions', () => {
    const next = expressionMaker(7);
    let tested = 0;
    let rejected = 0;
    let matched = 0;
    for (let n = 0; n < 1500; n++) {
      const expression = next();
      const filter = compileFilter(expression);
      const test = compileBucketTest(expression);
      const selected = (trace: StoredTrace) => filter(new LazyTraceView(trace, VIEW));
      const full = ids([...store.inTimeRange(0, NOW)].filter(selected));
      if (test === undefined) continue;
      const counting = (summary: BucketSummary) => {
        tested++;
        const may = test(summary);
        if (!may) rejected++;
        return may;
      };
      const skipping = ids([...store.inTimeRange(0, NOW, counting)].filter(selected));
      expect([expression, skipping]).toEqual([expression, full]);
      if (full.length > 0) matched++;
      // Pages and tokens as the API hands them out, for some.
      if (n % 10 === 0) {
        const paged: string[] = [];
        let token: string | undefined;
        do {
          const page = getTraceSummaries(
            store,
            { StartTime: 0, EndTime: NOW, FilterExpression: expression, NextToken: token },
            VIEW,
            7,
          );
          paged.push(...page.TraceSummaries.map((s) => s.Id));
          expect(page.TracesProcessedCount).toBe(store.countInTimeRange(0, NOW));
          token = page.NextToken;
        } while (token !== undefined);
        expect([expression, paged]).toEqual([expression, full]);
      }
    }
    // The test means something only if summaries ruled out buckets, and kept ones that matched.
    expect(rejected).toBeGreaterThan(tested / 10);
    expect(rejected).toBeLessThan(tested);
    expect(matched).toBeGreaterThan(200);
  });
});
