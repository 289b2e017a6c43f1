import type { ActiveTrace } from '../context/trace-context';
import { CompositePropagator, reconcile } from './composite-propagator';
import { parseNameList } from '../config/name-list';
import { DEFAULT_PROPAGATORS, PROPAGATOR_NAMES, propagatorFor } from './propagator-names';
import { W3CTraceContextPropagator } from './w3c-trace-context-propagator';
import { XRayPropagator } from './xray-propagator';

const ROOT = '1-4bf92f35-77b34da6a3ce929d0e0e4736';
const OTHER = '1-5759e988-bd862e3fe1be46a994272793';
const SPAN = '00f067aa0ba902b7';
const TRACEPARENT = `00-4bf92f3577b34da6a3ce929d0e0e4736-${SPAN}-01`;

const set = (carrier: Record<string, string>, name: string, value: string) => (carrier[name] = value);
function injected(propagator: { inject: CompositePropagator['inject'] }, trace: ActiveTrace): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(trace, carrier, set);
  return carrier;
}

describe('propagators, one at a time', () => {
  const trace: ActiveTrace = {
    traceId: ROOT,
    spanId: SPAN,
    sampled: true,
    lineage: 'a87bd80c:1',
    traceState: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
  };

  it('X-Ray: Lineage passes through unchanged, both ways', () => {
    const xray = new XRayPropagator();
    expect(
      xray.extract({ 'x-amzn-trace-id': `Root=${ROOT};Parent=${SPAN};Sampled=1;Lineage=a87bd80c:1` }),
    ).toMatchObject({ root: ROOT, parent: SPAN, sampled: '1', lineage: 'a87bd80c:1' });
    expect(injected(xray, trace)).toEqual({
      'x-amzn-trace-id': `Root=${ROOT};Parent=${SPAN};Sampled=1;Lineage=a87bd80c:1`,
    });
  });

  it('W3C: tracestate passes through unchanged, both ways, and only with a valid traceparent', () => {
    const w3c = new W3CTraceContextPropagator();
    expect(w3c.extract({ traceparent: TRACEPARENT, tracestate: trace.traceState })).toEqual({
      root: ROOT,
      parent: SPAN,
      sampled: '1',
      traceState: trace.traceState,
    });
    expect(w3c.extract({ traceparent: 'garbage', tracestate: trace.traceState })).toBeUndefined();
    expect(injected(w3c, trace)).toEqual({ traceparent: TRACEPARENT, tracestate: trace.traceState });
    expect(injected(w3c, { ...trace, sampled: false, traceState: undefined })).toEqual({
      traceparent: TRACEPARENT.replace(/01$/, '00'),
    });
  });
});

describe('both headers (the composite)', () => {
  const both = propagatorFor(DEFAULT_PROPAGATORS);

  it('injects both, the same trace and parent in each', () => {
    expect(injected(both, { traceId: ROOT, spanId: SPAN, sampled: true })).toEqual({
      traceparent: TRACEPARENT,
      'x-amzn-trace-id': `Root=${ROOT};Parent=${SPAN};Sampled=1`,
    });
  });

  it('extracts whichever arrived', () => {
    expect(both.extract({ traceparent: TRACEPARENT })).toMatchObject({ root: ROOT, parent: SPAN, sampled: '1' });
    expect(both.extract({ 'x-amzn-trace-id': `Root=${ROOT}` })).toMatchObject({ root: ROOT, parent: undefined });
    expect(both.extract({})).toBeUndefined();
  });

  it.each([
    [
      'same trace: the later wins, gaps filled from the earlier',
      { root: ROOT, parent: SPAN, sampled: '1', traceState: 'a=1' },
      { root: ROOT, sampled: '?', lineage: 'b:1' },
      { root: ROOT, parent: SPAN, sampled: '1', lineage: 'b:1', traceState: 'a=1' },
    ],
    [
      'same trace, both complete: the later’s parent and decision',
      { root: ROOT, parent: SPAN, sampled: '1' },
      { root: ROOT, parent: '53995c3f42cd8ad8', sampled: '0' },
      { root: ROOT, parent: '53995c3f42cd8ad8', sampled: '0' },
    ],
    [
      'different traces, both complete: the later',
      { root: ROOT, parent: SPAN, sampled: '1', traceState: 'a=1' },
      { root: OTHER, parent: '53995c3f42cd8ad8', sampled: '1' },
      { root: OTHER, parent: '53995c3f42cd8ad8', sampled: '1' },
    ],
    [
      'different traces, the later Root-only (a load balancer): the earlier',
      { root: ROOT, parent: SPAN, sampled: '1' },
      { root: OTHER },
      { root: ROOT, parent: SPAN, sampled: '1' },
    ],
    [
      'different traces, both Root-only: the later',
      { root: ROOT },
      { root: OTHER, sampled: '?' },
      { root: OTHER, sampled: '?' },
    ],
  ] as const)('%s', (_rule, earlier, later, expected) => {
    const result = reconcile(earlier, later);
    expect(Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined))).toEqual(expected);
  });

  it('with the default order, X-Amzn-Trace-Id is the later: it wins a disagreement', () => {
    expect(
      both.extract({ traceparent: TRACEPARENT, 'x-amzn-trace-id': `Root=${OTHER};Parent=53995c3f42cd8ad8;Sampled=0` }),
    ).toMatchObject({ root: OTHER, sampled: '0' });
    const w3cLast = propagatorFor(['xray', 'tracecontext']);
    expect(
      w3cLast.extract({
        traceparent: TRACEPARENT,
        'x-amzn-trace-id': `Root=${OTHER};Parent=53995c3f42cd8ad8;Sampled=0`,
      }),
    ).toMatchObject({ root: ROOT, sampled: '1' });
  });
});

describe('OTEL_PROPAGATORS names', () => {
  it.each([
    ['tracecontext,xray', ['tracecontext', 'xray']],
    [' XRay , tracecontext ,', ['xray', 'tracecontext']],
    ['xray,xray', ['xray']],
    ['none', []],
  ])('%j', (text, expected) => {
    expect(parseNameList(text, 'OTEL_PROPAGATORS', PROPAGATOR_NAMES)).toEqual(expected);
  });

  it.each(['', ',', 'b3', 'tracecontext,baggage', 'none,xray'])('refuses %j, naming what is accepted', (text) => {
    expect(() => parseNameList(text, 'OTEL_PROPAGATORS', PROPAGATOR_NAMES)).toThrow(
      /OTEL_PROPAGATORS .*xray, tracecontext, or none/,
    );
  });

  it('one name is that propagator itself, no composite around it', () => {
    expect(propagatorFor(['xray'])).toBeInstanceOf(XRayPropagator);
    expect(propagatorFor([]).extract({ traceparent: TRACEPARENT })).toBeUndefined();
  });
});
