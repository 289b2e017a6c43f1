import { httpBaseUrl } from '../http-base-url';
import { positiveNumber } from '../positive-number';
import { parseFlags } from '@cruddur/command-line';

export interface TrafficOptions {
  readonly gateway: string;
  readonly requests: number;
  /** Requests per second. */
  readonly rate: number;
  readonly sampled: boolean;
  readonly withOutage: boolean;
}

export const TRAFFIC_USAGE = `Usage: npm run traffic -- [options]

Sends a realistic mix of requests through the gateway (home, notifications, search, @handle,
show, create, reply, plus some 404s and 422s), so the service map at http://localhost:2000
comes alive.

  --gateway URL       the gateway (default http://127.0.0.1:4567) [GATEWAY_URL]
  --requests N        how many requests (default 150)
  --rate R            requests per second (default 5: all of them fit the sampling rule's
                      reservoir of 5 per second, so every request becomes a trace)
  --sampled           send X-Amzn-Trace-Id: Root=...;Sampled=1 with every request. The gateway
                      ignores a client's sampling decision unless it runs with
                      XRAY_TRUST_INCOMING_SAMPLING=true (only behind a trusted proxy), so this
                      matters only then; otherwise the sampling rules decide.
  --with-outage       expect 503s: this command cannot stop a service it did not start, so stop
                      one yourself first (e.g. the activities process), and it reports which one
                      the gateway sees down and how many 503s and faults it caused
  -h, --help          show this help
`;

export type ParsedTrafficCommand = { readonly help: true } | { readonly help: false; readonly options: TrafficOptions };

export function parseTrafficOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedTrafficCommand {
  const values = parseFlags(argv, {
    gateway: { type: 'string' },
    requests: { type: 'string' },
    rate: { type: 'string' },
    sampled: { type: 'boolean' },
    'with-outage': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const);
  if (values.help === true) return { help: true };
  return {
    help: false,
    options: {
      gateway: httpBaseUrl('--gateway', values.gateway ?? env.GATEWAY_URL ?? 'http://127.0.0.1:4567'),
      requests: positiveNumber('--requests', values.requests, 150, true),
      rate: positiveNumber('--rate', values.rate, 5, false),
      sampled: values.sampled === true,
      withOutage: values['with-outage'] === true,
    },
  };
}
