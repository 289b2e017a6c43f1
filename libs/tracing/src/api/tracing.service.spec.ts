import { Logger } from '@nestjs/common';
import { firstValueFrom, interval, lastValueFrom, Observable, of, take, throwError, timer } from 'rxjs';
import { defined } from '@cruddur/test-kit';
import { parseTraceHeader } from '@cruddur/xray-contracts';
import type { ContextMissingStrategy } from '../tracing-options';
import { runInTrace } from '../context/trace-context';
import { setActiveTracer } from '../recorder/tracer-registry';
import type { RecordedSegment, RecordedSubsegment } from '../testing/in-memory-exporter';
import { startTestTracer, TestTracer, upstreamHeader } from '../testing/test-tracer';
import { TracingService } from './tracing.service';

let daemon: TestTracer;
let warn: jest.SpyInstance;
beforeAll(async () => {
  daemon = await startTestTracer();
});
beforeEach(() => {
  setActiveTracer(daemon.tracer);
  warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());
afterAll(() => daemon.stop());

/** Runs `fn` in a sampled trace, closes the segment and returns the document the daemon got. */
async function traced(fn: () => unknown): Promise<RecordedSegment> {
  const trace = daemon.tracer.startSegment({
    name: 'test-service',
    incoming: parseTraceHeader(upstreamHeader('1')),
    trustSampling: true,
    sampleRequest: { serviceName: 'test-service' },
  });
  await runInTrace(trace, fn);
  daemon.tracer.finish(trace.segment, { kind: 'ok' });
  const [segment] = await daemon.exporter.waitForTrace(trace.traceId, (s) => s.length > 0);
  expect(segment).toBeDefined();
  return segment;
}

const sub = (segment: RecordedSegment | RecordedSubsegment, name: string) =>
  segment.subsegments?.find((s) => s.name === name);

describe('TracingService inside a trace', () => {
  const tracing = new TracingService();

  it('records annotations, metadata by namespace and nested subsegments', async () => {
    let inner: string | undefined;
    const segment = await traced(() => {
      tracing.annotate('user', 'andrew');
      tracing.metadata('payload', { n: 1 });
      return tracing.subsegment('outer', () => {
        tracing.annotate('count', 3);
        tracing.metadata('rows', [1, 2], 'db');
        tracing.subsegment('inner', () => {
          tracing.annotate('ok', true);
          inner = tracing.traceId();
        });
      });
    });
    expect(inner).toBe(segment.trace_id);
    expect(segment).toMatchObject({ annotations: { user: 'andrew' }, metadata: { default: { payload: { n: 1 } } } });
    const outer = defined(sub(segment, 'outer'), 'subsegment outer');
    expect(outer).toMatchObject({
      annotations: { count: 3 },
      metadata: { db: { rows: [1, 2] } },
      end_time: expect.any(Number),
    });
    expect(sub(outer, 'inner')).toMatchObject({ annotations: { ok: true }, end_time: expect.any(Number) });
    expect(segment.subsegments).toHaveLength(1);
  });

  it('marks a subsegment faulted with the cause when the function throws, and rethrows', async () => {
    const boom = new RangeError('boom');
    const segment = await traced(() => {
      expect(() =>
        tracing.subsegment('sync', () => {
          throw boom;
        }),
      ).toThrow(boom);
    });
    expect(sub(segment, 'sync')).toMatchObject({
      fault: true,
      cause: { exceptions: [{ message: 'boom', type: 'RangeError' }] },
    });
    expect(segment.fault).toBeUndefined();
  });

  it('closes promise subsegments when they settle, with their value or fault', async () => {
    const segment = await traced(async () => {
      await expect(tracing.subsegment('resolves', async () => 42)).resolves.toBe(42);
      await expect(tracing.subsegment('rejects', () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
    });
    expect(sub(segment, 'resolves')).toMatchObject({ end_time: expect.any(Number) });
    expect(sub(segment, 'resolves')?.fault).toBeUndefined();
    expect(sub(segment, 'rejects')).toMatchObject({ fault: true, cause: { exceptions: [{ message: 'nope' }] } });
  });

  it('closes observable subsegments on complete, error, and when the caller stops listening', async () => {
    const segment = await traced(async () => {
      await expect(lastValueFrom(tracing.subsegment('completes', () => timer(5)))).resolves.toBe(0);
      await expect(
        lastValueFrom(tracing.subsegment('errors', () => throwError(() => new Error('bad')))),
      ).rejects.toThrow('bad');
      await expect(firstValueFrom(tracing.subsegment('endless', () => interval(2)))).resolves.toBe(0);
      await expect(lastValueFrom(tracing.subsegment('taken', () => interval(2)).pipe(take(2)))).resolves.toBe(1);
      // The observable runs its work inside the subsegment.
      const seen = await firstValueFrom(
        tracing.subsegment('inside', () => new Observable((s) => s.next(tracing.traceId()))),
      );
      expect(seen).toBe(tracing.traceId());
    });
    for (const name of ['completes', 'endless', 'taken', 'inside']) {
      expect(sub(segment, name)).toMatchObject({ end_time: expect.any(Number) });
      expect(sub(segment, name)?.fault).toBeUndefined();
    }
    expect(sub(segment, 'errors')).toMatchObject({ fault: true, cause: { exceptions: [{ message: 'bad' }] } });
  });

  it('drops invalid annotations with exactly one warning per key', async () => {
    const invalid: Array<[string, unknown]> = [
      ['has space', 1],
      ['has-dash', 1],
      ['', 1],
      ['k'.repeat(501), 1],
      ['object', { a: 1 }],
      ['nan', NaN],
      ['inf', Infinity],
      ['long', 'x'.repeat(1001)],
      ['nothing', null],
      ['list', [1]],
    ];
    const segment = await traced(() => {
      for (let round = 0; round < 3; round++) {
        for (const [key, value] of invalid) tracing.annotate(key, value as string);
      }
      tracing.annotate('fits', 'x'.repeat(1000));
      tracing.annotate('k'.repeat(500), 0);
    });
    expect(segment.annotations).toEqual({ fits: 'x'.repeat(1000), ['k'.repeat(500)]: 0 });
    expect(warn).toHaveBeenCalledTimes(invalid.length);
    for (const [key] of invalid.slice(4)) expect(warn).toHaveBeenCalledWith(expect.stringContaining(`value of ${key}`));
  });

  it('drops metadata in the reserved AWS. namespace with one warning', async () => {
    const segment = await traced(() => {
      tracing.metadata('a', 1, 'AWS.xray');
      tracing.metadata('b', 2, 'AWS.xray');
      tracing.metadata('c', 3, 'AWSome');
    });
    expect(segment.metadata).toEqual({ AWSome: { c: 3 } });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('metadata dropped: namespace AWS.xray is reserved');
  });
});

describe('TracingService outside a trace', () => {
  const useStrategy = (contextMissing: ContextMissingStrategy) =>
    setActiveTracer(daemon.withConfig({ contextMissing }));
  const everything = (tracing: TracingService) => {
    tracing.annotate('k', 1);
    tracing.metadata('k', 1);
    return tracing.subsegment('s', () => 'ran');
  };

  it('LOG_ERROR: no-ops with one warning per operation', () => {
    useStrategy('LOG_ERROR');
    const tracing = new TracingService();
    expect(everything(tracing)).toBe('ran');
    expect(everything(tracing)).toBe('ran');
    expect(tracing.traceId()).toBeUndefined();
    expect(warn.mock.calls.map(([m]) => m)).toEqual([
      'annotate called outside a traced request or message',
      'metadata called outside a traced request or message',
      'subsegment called outside a traced request or message',
    ]);
  });

  it('IGNORE_ERROR: silent no-ops', () => {
    useStrategy('IGNORE_ERROR');
    expect(everything(new TracingService())).toBe('ran');
    expect(warn).not.toHaveBeenCalled();
  });

  it('RUNTIME_ERROR: every operation throws', () => {
    useStrategy('RUNTIME_ERROR');
    const tracing = new TracingService();
    expect(() => tracing.annotate('k', 1)).toThrow('annotate called outside a traced request or message');
    expect(() => tracing.metadata('k', 1)).toThrow('metadata called outside');
    const fn = jest.fn();
    expect(() => tracing.subsegment('s', fn)).toThrow('subsegment called outside');
    expect(fn).not.toHaveBeenCalled();
  });

  it('tracing off: everything is a silent no-op, even with RUNTIME_ERROR configured before', () => {
    setActiveTracer(undefined);
    expect(everything(new TracingService())).toBe('ran');
    expect(warn).not.toHaveBeenCalled();
  });
});

it('an unsampled trace takes every call as a no-op and sends nothing', async () => {
  const tracing = new TracingService();
  const trace = daemon.tracer.startSegment({
    name: 'test-service',
    incoming: parseTraceHeader(upstreamHeader('0')),
    trustSampling: true,
    sampleRequest: { serviceName: 'x' },
  });
  const result = runInTrace(trace, () => {
    tracing.annotate('k', 1);
    tracing.metadata('k', 1);
    return tracing.subsegment('s', () => of(tracing.traceId()));
  });
  await expect(firstValueFrom(result)).resolves.toBe(trace.traceId);
  await new Promise((r) => setTimeout(r, 30));
  expect(daemon.exporter.forTrace(trace.traceId)).toEqual([]);
  expect(warn).not.toHaveBeenCalled();
});
