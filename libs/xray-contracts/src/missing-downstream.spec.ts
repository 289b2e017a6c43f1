import { isServiceCall, missesDownstreamSegment } from './missing-downstream';
import type { NestedSubsegment } from './segment-document';
import { segmentSenders } from './segment-senders';

/** The services that send segments in these cases. */
const SENDERS = new Set(['gateway', 'activities', 'notifications']);

/** A calling subsegment as the rule reads it. */
function call(sub: NestedSubsegment) {
  return { name: sub.name, traced: sub.http?.request?.traced === true };
}

const base = { id: '0000000000000001', start_time: 1, end_time: 2 };

describe('missesDownstreamSegment', () => {
  it.each<[string, boolean, NestedSubsegment]>([
    [
      'an OpenTelemetry database CLIENT span (named after peer.service)',
      false,
      { ...base, name: 'postgres@db', namespace: 'remote' },
    ],
    [
      'an X-Ray SDK sql subsegment',
      false,
      { ...base, name: 'cruddur@db.internal', namespace: 'remote', sql: { database_type: 'PostgreSQL' } },
    ],
    [
      'an uninstrumented third-party API',
      false,
      {
        ...base,
        name: 'api.stripe.com',
        namespace: 'remote',
        http: { request: { method: 'POST', url: 'https://api.stripe.com/v1' } },
      },
    ],
    ['an AWS SDK call', false, { ...base, name: 'DynamoDB', namespace: 'aws' }],
    [
      'a queue call the SDK marked traced: false',
      false,
      {
        ...base,
        name: 'sqs.orders',
        namespace: 'remote',
        http: { request: { url: 'https://sqs/orders', traced: false } },
      },
    ],
    [
      'a call that carried the trace header to a traced service',
      true,
      {
        ...base,
        name: 'billing.internal',
        namespace: 'remote',
        http: { request: { url: 'http://billing.internal/x', traced: true } },
      },
    ],
    [
      'a call to a service that sends segments, not marked traced',
      true,
      { ...base, name: 'activities', namespace: 'remote' },
    ],
    [
      'a traced call to a service that sends segments',
      true,
      {
        ...base,
        name: 'notifications',
        namespace: 'remote',
        http: { request: { url: 'tcp://notifications', traced: true } },
      },
    ],
  ])('without a downstream segment, %s: missing %s', (_, missing, sub) => {
    expect(missesDownstreamSegment(call(sub), SENDERS)).toBe(missing);
  });

  it('matches the callee by its exact name, as the service graph names nodes', () => {
    expect(missesDownstreamSegment({ name: 'Activities', traced: false }, SENDERS)).toBe(false);
    expect(missesDownstreamSegment({ name: 'activities ', traced: false }, SENDERS)).toBe(false);
  });
});

describe('isServiceCall', () => {
  it('is a remote or AWS subsegment, or one with an outgoing HTTP request', () => {
    expect(isServiceCall({ namespace: 'remote' })).toBe(true);
    expect(isServiceCall({ namespace: 'aws' })).toBe(true);
    expect(isServiceCall({ http: { request: { url: 'http://x/' } } })).toBe(true);
    expect(isServiceCall({})).toBe(false);
    expect(isServiceCall({ namespace: 'local', http: { response: { status: 200 } } })).toBe(false);
  });
});

describe('segmentSenders', () => {
  it('names the active nodes of a service graph: not the client, not inferred nodes', () => {
    const senders = segmentSenders([
      { Name: 'client', State: 'unknown' },
      { Name: 'gateway', State: 'active' },
      { Name: 'postgres@db', State: 'unknown' },
      { Name: 'DynamoDB', State: 'unknown' },
      { Name: 'activities', State: 'active' },
    ]);
    expect([...senders].sort()).toEqual(['activities', 'gateway']);
  });
});
