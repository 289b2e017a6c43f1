import { CliFailure } from '../cli-failure';
import { servicesDown } from './gateway-health';
import { renderProgress } from './progress-bar';
import { sampledTraceHeader } from './trace-header';
import { pickRequest, type TrafficRequest } from './traffic-mix';
import type { TrafficOptions } from './traffic-options';

/** Where the command writes: the progress line is redrawn in place on a terminal. */
export interface TrafficOutput {
  readonly isTTY: boolean;
  write(text: string): void;
}

const REQUEST_TIMEOUT_MS = 10_000;

async function send(options: TrafficOptions, request: TrafficRequest): Promise<string> {
  const headers: Record<string, string> = {};
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.sampled) headers['X-Amzn-Trace-Id'] = sampledTraceHeader();
  try {
    const response = await fetch(`${options.gateway}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return String(response.status);
  } catch {
    return 'failed';
  }
}

/**
 * Sends the mix at a steady rate (requests start on schedule; slow answers overlap), drawing a
 * progress line, and ends with the counts by status. Checks the gateway first so a stack that is
 * not running is one clear message rather than a bar full of failures.
 */
export async function trafficCommand(
  options: TrafficOptions,
  out: TrafficOutput,
  random: () => number = Math.random,
): Promise<Map<string, number>> {
  const down = await servicesDown(options.gateway);
  if (options.withOutage) {
    out.write(
      down.length > 0
        ? `Outage: the gateway reports ${down.join(', ')} down, so requests that need it get 503 and the map shows faults.\n`
        : 'Outage: every service is up. This command cannot stop a service it did not start: stop one (e.g. the activities process) and run it again to see 503s on the map.\n',
    );
  } else if (down.length > 0) {
    out.write(`Note: the gateway reports ${down.join(', ')} down; expect 503s.\n`);
  }
  if (options.sampled)
    out.write(
      'Sending Sampled=1: the gateway follows it only with XRAY_TRUST_INCOMING_SAMPLING=true; otherwise its sampling rules decide.\n',
    );

  const statuses = new Map<string, number>();
  const started = Date.now();
  let done = 0;
  let lastDraw = 0;
  const draw = (final: boolean) => {
    const now = Date.now();
    if (!final && !out.isTTY && now - lastDraw < 5000) return;
    if (!final && now - lastDraw < 100) return;
    lastDraw = now;
    const line = renderProgress({ done, total: options.requests, statuses, elapsedSeconds: (now - started) / 1000 });
    out.write(out.isTTY ? `\r${line}${final ? '\n' : ''}` : `${line}\n`);
  };

  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < options.requests; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      send(options, pickRequest(random)).then((status) => {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        done++;
        draw(false);
      }),
    );
  }
  await Promise.all(inFlight);
  draw(true);
  if ((statuses.get('failed') ?? 0) === options.requests) {
    throw new CliFailure(`No request reached the gateway at ${options.gateway}: did it stop while the traffic ran?`);
  }
  return statuses;
}
