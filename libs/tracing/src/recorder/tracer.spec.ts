import * as AWSXRay from 'aws-xray-sdk-core';
import { defined } from '@cruddur/test-kit';
import { formatTraceparent, parseTraceHeader } from '@cruddur/xray-contracts';
import type { ActiveTrace } from '../context/trace-context';
import { startTestTracer, TestTracer, rootOf, upstreamHeader } from '../testing/test-tracer';
import type { Tracer } from './tracer';

let daemon: TestTracer;
beforeAll(async () => {
  daemon = await startTestTracer();
});
afterAll(() => daemon.stop());

/** A tracer whose only local rule, for `serviceName`, samples `reservoir`/s then `rate`. */
function tracerWithRule(rate: number, reservoir: number, serviceName = 'test-service'): Tracer {
  const SamplingRule = {
    RuleName: 'only',
    ResourceARN: '*',
    Priority: 1,
    FixedRate: rate,
    ReservoirSize: reservoir,
    ServiceName: serviceName,
    ServiceType: '*',
    Host: '*',
    HTTPMethod: '*',
    URLPath: '*',
    Version: 1,
  };
  return daemon.withConfig({ samplingRules: [{ SamplingRule }] });
}

/** The headers a call made from `trace` carries. */
function injected(trace: ActiveTrace): Record<string, string> {
  const headers: Record<string, string> = {};
  daemon.tracer.inject(trace, headers, (carrier, name, value) => (carrier[name] = value));
  return headers;
}

function start(tracer: Tracer, header: string | undefined, trustSampling: boolean) {
  return tracer.startSegment({
    name: 'test-service',
    incoming: parseTraceHeader(header),
    trustSampling,
    sampleRequest: { serviceName: 'test-service', host: 'localhost', httpMethod: 'GET', urlPath: '/' },
  });
}

const decisions = (tracer: Tracer, header: string | undefined, trust: boolean, n = 200) =>
  new Set(Array.from({ length: n }, () => start(tracer, header, trust).sampled));

describe('Tracer.startSegment sampling decisions', () => {
  const never = () => tracerWithRule(0, 0);
  const always = () => tracerWithRule(1, 0);

  it('a rule with FixedRate 0 and ReservoirSize 0 never samples; FixedRate 1 always does', () => {
    expect(decisions(never(), undefined, true)).toEqual(new Set([false]));
    expect(decisions(always(), undefined, true)).toEqual(new Set([true]));
  });

  it('follows a trusted Sampled=1 or Sampled=0 whatever the rules say', () => {
    expect(decisions(never(), upstreamHeader('1'), true)).toEqual(new Set([true]));
    expect(decisions(always(), upstreamHeader('0'), true)).toEqual(new Set([false]));
  });

  it('ignores an untrusted Sampled flag and decides with the sampler', () => {
    expect(decisions(never(), upstreamHeader('1'), false)).toEqual(new Set([false]));
    expect(decisions(always(), upstreamHeader('0'), false)).toEqual(new Set([true]));
  });

  it('decides Sampled=? locally even when incoming sampling is trusted', () => {
    expect(decisions(never(), upstreamHeader('?'), true)).toEqual(new Set([false]));
    expect(decisions(always(), upstreamHeader('?'), true)).toEqual(new Set([true]));
  });

  it('uses the default rule (1/s, then 5%) when no rule is for this service', () => {
    const tracer = tracerWithRule(0, 0, 'someone-else');
    expect(start(tracer, undefined, true).sampled).toBe(true);
  });
});

describe('Tracer.startSegment traces', () => {
  it('continues the incoming trace: root, parent and lineage', () => {
    const header = `${upstreamHeader('1', '53995c3f42cd8ad8')};Lineage=a87bd80c:1`;
    const trace = start(daemon.tracer, header, true);
    const root = rootOf(header);
    expect(trace).toMatchObject({
      traceId: root,
      sampled: true,
      spanId: defined(trace.segment, "the sampled trace's segment").id,
      current: trace.segment,
      lineage: 'a87bd80c:1',
    });
    expect(trace.segment).toMatchObject({ name: 'test-service', trace_id: root, parent_id: '53995c3f42cd8ad8' });
    expect(injected(trace)).toEqual({
      'x-amzn-trace-id': `Root=${root};Parent=${trace.spanId};Sampled=1;Lineage=a87bd80c:1`,
      traceparent: formatTraceparent(root, trace.spanId, true),
    });
  });

  it('unsampled: no SDK segment at all, the incoming root kept, a fresh span id to pass on', () => {
    const init = jest.spyOn(AWSXRay.Segment.prototype as unknown as { init(): void }, 'init');
    try {
      const header = upstreamHeader('0', '53995c3f42cd8ad8');
      const trace = start(daemon.tracer, header, true);
      expect(trace).toEqual({
        traceId: rootOf(header),
        sampled: false,
        spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
        lineage: undefined,
        traceState: undefined,
      });
      expect(trace.spanId).not.toBe('53995c3f42cd8ad8');
      const fresh = start(tracerWithRule(0, 0), undefined, true);
      expect(fresh.traceId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
      expect(parseInt(fresh.traceId.slice(2, 10), 16)).toBeCloseTo(Date.now() / 1000, -1);
      expect(injected(fresh)['x-amzn-trace-id']).toBe(`Root=${fresh.traceId};Parent=${fresh.spanId};Sampled=0`);
      expect(init).not.toHaveBeenCalled();
    } finally {
      init.mockRestore();
    }
  });

  it('starts a new trace without an incoming header, and caps the segment name at 200 characters', () => {
    const always = tracerWithRule(1, 0);
    const open = () =>
      always.startSegment({
        name: 'h'.repeat(300),
        trustSampling: true,
        sampleRequest: { serviceName: 'test-service' },
      });
    const [first, second] = [open(), open()];
    expect(first.segment?.name).toBe('h'.repeat(200));
    expect(first.segment?.parent_id).toBeUndefined();
    expect(first.traceId).not.toBe(second.traceId);
  });

  it('startSubsegment under an unsampled trace records nothing and passes the same ids on', () => {
    const parent = start(daemon.tracer, upstreamHeader('0'), true);
    const { trace, subsegment } = daemon.tracer.startSubsegment(parent, 'child', true);
    expect(subsegment).toBeUndefined();
    expect(trace).toBe(parent);
  });
});

describe('Tracer.finish: the documents sent to the daemon', () => {
  it('sends the segment once it and all its subsegments are closed, with each outcome', async () => {
    const trace = start(daemon.tracer, upstreamHeader('1'), true);
    const tracer = daemon.tracer;
    const remote = tracer.startSubsegment(trace, 'downstream', true);
    const failed = tracer.startSubsegment(trace, 'x'.repeat(250));
    const refused = tracer.startSubsegment(trace, 'refused');
    tracer.finish(failed.subsegment, { kind: 'fault', cause: { message: 'plain object' } });
    tracer.finish(refused.subsegment, { kind: 'error', throttle: true, cause: 'slow down' });
    tracer.finish(trace.segment, { kind: 'error', cause: new TypeError('bad input') });
    await new Promise((r) => setTimeout(r, 50));
    expect(daemon.exporter.forTrace(trace.traceId)).toEqual([]);

    tracer.finish(remote.subsegment, { kind: 'ok' });
    tracer.finish(remote.subsegment, { kind: 'fault' });
    const [segment, ...more] = await daemon.exporter.waitForTrace(trace.traceId, (s) => s.length > 0);
    expect(more).toEqual([]);
    expect(segment).toMatchObject({ name: 'test-service', error: true, end_time: expect.any(Number) });
    expect(segment.fault).toBeUndefined();
    expect(segment.cause).toMatchObject({ exceptions: [{ message: 'bad input', type: 'TypeError' }] });
    const [ok, fault, error] = defined(segment.subsegments, "the segment's subsegments");
    expect(ok).toMatchObject({ name: 'downstream', namespace: 'remote' });
    expect([ok.fault, ok.error, ok.throttle, ok.cause]).toEqual([undefined, undefined, undefined, undefined]);
    expect(fault).toMatchObject({
      name: 'x'.repeat(200),
      fault: true,
      cause: { exceptions: [{ message: 'plain object' }] },
    });
    expect(error).toMatchObject({
      name: 'refused',
      error: true,
      throttle: true,
      cause: { exceptions: [{ message: 'slow down' }] },
    });
    expect(error.fault).toBeUndefined();
  });
});
