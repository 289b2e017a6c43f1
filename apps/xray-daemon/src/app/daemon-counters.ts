import type { BackendCounters, OtlpCounters } from '@cruddur/xray-backend';
import type { HttpCounters } from './daemon-http-server';
import type { ForwardCounters } from './udp-forwarder';
import type { UdpCounters } from './udp-receiver';

/** `GET /api/counters`: the backend's figures plus the sockets'. */
export interface DaemonCounters extends BackendCounters {
  readonly uptimeSeconds: number;
  readonly udp: UdpCounters;
  readonly http: HttpCounters;
  /** The OTLP/HTTP receiver; absent with `--otlp off`. */
  readonly otlp?: OtlpCounters;
  /** Absent unless started with --forward. */
  readonly forward?: ForwardCounters;
}
