import type { Trace } from '@cruddur/xray-contracts';
import type { NestedSubsegment, SegmentDocument } from '@cruddur/xray-contracts';
import { timeTicks } from './time-axis';
import { buildWaterfall, traceDocuments } from './waterfall';

const TRACE_ID = '1-65000000-0123456789abcdef01234567';
/** The services that send segments (the daemon's service graph's active nodes). */
const SENDERS: ReadonlySet<string> = new Set(['gateway', 'activities', 'notifications']);
/** The gateway's call to notifications, whose segment is `notifications` below. */
const notificationsCall: NestedSubsegment = {
  id: 'bbbbbbbbbbbbbbbb',
  name: 'notifications',
  namespace: 'remote',
  start_time: 100.01,
  end_time: 100.09,
};
const gateway: SegmentDocument = {
  trace_id: TRACE_ID,
  id: 'aaaaaaaaaaaaaaaa',
  name: 'gateway',
  start_time: 100,
  end_time: 100.1,
  http: { request: { method: 'GET', url: 'http://localhost/api/activities/notifications' }, response: { status: 200 } },
  subsegments: [
    notificationsCall,
    {
      id: 'cccccccccccccccc',
      name: 'activities',
      namespace: 'remote',
      start_time: 100.005,
      end_time: 100.05,
      fault: true,
    },
  ],
};
const notifications: SegmentDocument = {
  trace_id: TRACE_ID,
  id: 'dddddddddddddddd',
  parent_id: 'bbbbbbbbbbbbbbbb',
  name: 'notifications',
  start_time: 100.02,
  end_time: 100.08,
  subsegments: [
    {
      id: 'eeeeeeeeeeeeeeee',
      name: 'notifications_activities',
      start_time: 100.03,
      end_time: 100.07,
      annotations: { URI: '/api/activities/notifications' },
      subsegments: [{ id: 'ffffffffffffffff', name: 'returning_mock_data', start_time: 100.04, in_progress: true }],
    },
  ],
};

describe('buildWaterfall', () => {
  const waterfall = buildWaterfall([notifications, gateway], SENDERS);

  it('puts every service on one time axis starting at the first segment', () => {
    expect(waterfall.startTime).toBe(100);
    expect(waterfall.duration).toBeCloseTo(0.1);
    const root = waterfall.rows[0];
    expect(root).toMatchObject({ name: 'gateway', kind: 'segment', depth: 0, left: 0 });
    expect(root.width).toBeCloseTo(1);
  });

  it('nests subsegments, and downstream segments under the call that made them, in start order', () => {
    expect(waterfall.rows.map((row) => [row.name, row.kind, row.service, row.depth])).toEqual([
      ['gateway', 'segment', 'gateway', 0],
      ['activities', 'subsegment', 'gateway', 1],
      ['notifications', 'subsegment', 'gateway', 1],
      ['notifications', 'segment', 'notifications', 2],
      ['notifications_activities', 'subsegment', 'notifications', 3],
      ['returning_mock_data', 'subsegment', 'notifications', 4],
    ]);
  });

  it('places bars by offset and width as shares of the trace', () => {
    const downstream = waterfall.rows[3];
    expect(downstream.offset).toBeCloseTo(0.02);
    expect(downstream.left).toBeCloseTo(0.2);
    expect(downstream.width).toBeCloseTo(0.6);
  });

  it('marks a remote call whose downstream segment never arrived, and the trace as incomplete', () => {
    expect(waterfall.rows.filter((row) => row.missingDownstream).map((row) => row.name)).toEqual(['activities']);
    expect(waterfall.incomplete).toBe(true);
    expect(waterfall.rows[1].outcome).toBe('fault');
  });

  it('runs an in-progress subsegment to the end of the trace', () => {
    const open = waterfall.rows[5];
    expect(open.inProgress).toBe(true);
    expect(open.left + open.width).toBeCloseTo(1);
  });

  it('is complete when every remote call has its segment', () => {
    const complete = buildWaterfall([{ ...gateway, subsegments: [notificationsCall] }, notifications], SENDERS);
    expect(complete.incomplete).toBe(false);
  });

  /** The gateway with one more call, which no downstream segment answers. */
  const withCall = (call: NestedSubsegment) =>
    buildWaterfall([{ ...gateway, subsegments: [notificationsCall, call] }, notifications], SENDERS);
  const call = { id: '9999999999999999', start_time: 100.02, end_time: 100.03 };

  it.each<[string, NestedSubsegment]>([
    ['a database call (OpenTelemetry CLIENT span)', { ...call, name: 'postgres@db', namespace: 'remote' }],
    [
      'an X-Ray SDK sql subsegment',
      { ...call, name: 'cruddur@db', namespace: 'remote', sql: { database_type: 'PostgreSQL', user: 'app' } },
    ],
    [
      'a third-party API',
      { ...call, name: 'api.stripe.com', namespace: 'remote', http: { request: { url: 'https://api.stripe.com/v1' } } },
    ],
    ['an AWS SDK call', { ...call, name: 'DynamoDB', namespace: 'aws' }],
    ['a local subsegment named like a service', { ...call, name: 'activities' }],
  ])('does not mark %s, which never gets a downstream segment', (_, sub) => {
    const waterfall = withCall(sub);
    expect(waterfall.rows.find((row) => row.id === call.id)?.missingDownstream).toBe(false);
    expect(waterfall.incomplete).toBe(false);
  });

  it('marks a call the SDK marked traced, and one to a service that sends segments', () => {
    const traced = withCall({
      ...call,
      name: 'billing.internal',
      namespace: 'remote',
      http: { request: { url: 'http://billing.internal/', traced: true } },
    });
    const toSender = withCall({ ...call, name: 'activities', http: { request: { url: 'http://activities/' } } });
    for (const waterfall of [traced, toSender]) {
      expect(waterfall.rows.find((row) => row.id === call.id)?.missingDownstream).toBe(true);
      expect(waterfall.incomplete).toBe(true);
    }
  });

  it('marks a segment whose caller is missing', () => {
    const orphan = buildWaterfall([notifications], SENDERS);
    expect(orphan.rows[0]).toMatchObject({ name: 'notifications', depth: 0, missingUpstream: true });
    expect(orphan.incomplete).toBe(true);
  });

  it('reads the documents of a BatchGetTraces trace', () => {
    const trace: Trace = {
      Id: TRACE_ID,
      Duration: 0.1,
      LimitExceeded: false,
      Segments: [{ Id: gateway.id, Document: JSON.stringify(gateway) }],
    };
    expect(traceDocuments(trace)[0].name).toBe('gateway');
  });
});

describe('timeTicks', () => {
  it('picks a 1-2-5 step with at most the given number of intervals', () => {
    expect(timeTicks(0.1).map((tick) => tick.label)).toEqual(['0 ms', '20 ms', '40 ms', '60 ms', '80 ms', '100 ms']);
    expect(timeTicks(0.0042).map((tick) => tick.label)).toEqual(['0 ms', '1 ms', '2 ms', '3 ms', '4 ms']);
    expect(timeTicks(0.0009).map((tick) => tick.label)).toEqual(['0.0 ms', '0.2 ms', '0.4 ms', '0.6 ms', '0.8 ms']);
    expect(timeTicks(12).map((tick) => tick.label)).toEqual(['0 s', '2 s', '4 s', '6 s', '8 s', '10 s', '12 s']);
  });

  it('gives positions as shares of the duration', () => {
    const ticks = timeTicks(0.1);
    expect(ticks[1].position).toBeCloseTo(0.2);
  });
});
