// Test fixture (not exported): segment documents of one request gateway -> activities, as the
// Node SDK sends them, for the pipeline and API specs.

import { DATAGRAM_HEADER } from '@cruddur/xray-contracts';

export interface SampleTraceOptions {
  /** Epoch seconds the request started. */
  readonly start: number;
  /** Distinguishes traces started in the same second. */
  readonly serial: number;
  readonly status?: number;
}

export interface SampleTrace {
  readonly traceId: string;
  readonly gateway: string;
  readonly activities: string;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

export function sampleTrace({ start, serial, status = 200 }: SampleTraceOptions): SampleTrace {
  const traceId = `1-${hex(Math.floor(start), 8)}-${hex(serial, 24)}`;
  const gatewayId = hex(serial * 16 + 1, 16);
  const callId = hex(serial * 16 + 2, 16);
  const outcome = status >= 500 ? { fault: true } : status >= 400 ? { error: true } : {};
  const gateway = {
    name: 'gateway',
    id: gatewayId,
    trace_id: traceId,
    start_time: start,
    end_time: start + 0.05,
    http: { request: { method: 'GET', url: `http://localhost/api/activities/${serial}` }, response: { status } },
    annotations: { serial },
    ...outcome,
    subsegments: [
      {
        name: 'activities',
        id: callId,
        namespace: 'remote',
        start_time: start + 0.01,
        end_time: start + 0.04,
        ...outcome,
      },
    ],
  };
  const activities = {
    name: 'activities',
    id: hex(serial * 16 + 3, 16),
    trace_id: traceId,
    parent_id: callId,
    start_time: start + 0.015,
    end_time: start + 0.035,
    ...outcome,
  };
  return { traceId, gateway: JSON.stringify(gateway), activities: JSON.stringify(activities) };
}

export function datagram(json: string): Buffer {
  return Buffer.from(`${DATAGRAM_HEADER}\n${json}`);
}
