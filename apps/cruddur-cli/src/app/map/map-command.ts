import { buildServiceMap, formatMapDot, formatMapMermaid, formatMapTable } from '@cruddur/service-map';
import type { XRayApiInput, XRayApiOutput } from '@cruddur/xray-contracts';
import { describeFetchFailure } from '../http-base-url';
import { CliFailure } from '../cli-failure';
import type { MapFormat, MapCommandOptions } from './map-options';

const FORMATTERS: Readonly<Record<MapFormat, typeof formatMapTable>> = {
  table: formatMapTable,
  mermaid: formatMapMermaid,
  dot: formatMapDot,
};

/** Asks the daemon for the service graph of the last minutes and renders it in the chosen format. */
export async function mapCommand(options: MapCommandOptions, now = Date.now() / 1000): Promise<string> {
  const body: XRayApiInput<'/ServiceGraph'> = {
    StartTime: Math.floor(now - options.minutes * 60),
    EndTime: Math.ceil(now),
    ...(options.group === undefined ? {} : { GroupName: options.group }),
  };
  let response: Response;
  try {
    response = await fetch(`${options.daemon}/ServiceGraph`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new CliFailure(
      `Cannot reach the X-Ray daemon at ${options.daemon} (${describeFetchFailure(error)}). Start it with \`npm start\` (whole stack) or \`node dist/apps/xray-daemon/main.js\`, or pass --daemon URL.`,
    );
  }
  const text = await response.text();
  if (!response.ok)
    throw new CliFailure(`The daemon at ${options.daemon} answered ${response.status}: ${text.slice(0, 300)}`);
  return FORMATTERS[options.format](buildServiceMap(JSON.parse(text) as XRayApiOutput<'/ServiceGraph'>));
}
