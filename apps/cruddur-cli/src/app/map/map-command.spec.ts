import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliFailure } from '../cli-failure';
import { mapCommand } from './map-command';
import { parseMapOptions } from './map-options';

const GRAPH = {
  StartTime: 1_700_000_000,
  EndTime: 1_700_000_900,
  Services: [
    {
      ReferenceId: 0,
      Name: 'client',
      Names: ['client'],
      Type: 'client',
      State: 'unknown',
      StartTime: 0,
      EndTime: 0,
      DurationHistogram: [],
      ResponseTimeHistogram: [],
      Edges: [
        {
          ReferenceId: 1,
          StartTime: 0,
          EndTime: 0,
          ResponseTimeHistogram: [],
          Aliases: [],
          SummaryStatistics: {
            OkCount: 3,
            ErrorStatistics: { ThrottleCount: 0, OtherCount: 0, TotalCount: 0 },
            FaultStatistics: { OtherCount: 0, TotalCount: 0 },
            TotalCount: 3,
            TotalResponseTime: 0.03,
          },
        },
      ],
    },
    {
      ReferenceId: 1,
      Name: 'gateway',
      Names: ['gateway'],
      State: 'active',
      StartTime: 0,
      EndTime: 0,
      DurationHistogram: [],
      ResponseTimeHistogram: [],
      Edges: [],
      SummaryStatistics: {
        OkCount: 3,
        ErrorStatistics: { ThrottleCount: 0, OtherCount: 0, TotalCount: 0 },
        FaultStatistics: { OtherCount: 0, TotalCount: 0 },
        TotalCount: 3,
        TotalResponseTime: 0.03,
      },
    },
  ],
};

describe('mapCommand', () => {
  let server: Server;
  let daemon: string;
  const requests: unknown[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        requests.push({ url: request.url, body: JSON.parse(body) });
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(GRAPH));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    daemon = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('asks for the last N minutes and prints the table', async () => {
    const text = await mapCommand({ daemon, minutes: 15, format: 'table', group: undefined }, 1_700_000_900);
    expect(requests[0]).toEqual({ url: '/ServiceGraph', body: { StartTime: 1_700_000_000, EndTime: 1_700_000_900 } });
    expect(text).toMatch(/^client -> gateway\s+3\s+0\.2\/min\s+10 ms/m);
  });

  it('prints Mermaid and DOT, and passes the group', async () => {
    expect(await mapCommand({ daemon, minutes: 15, format: 'mermaid', group: 'errors' }, 1_700_000_900)).toMatch(
      /^flowchart LR\n/,
    );
    expect(requests[1]).toMatchObject({ body: { GroupName: 'errors' } });
    expect(await mapCommand({ daemon, minutes: 15, format: 'dot', group: undefined }, 1_700_000_900)).toMatch(
      /^digraph services \{/,
    );
  });

  it('says clearly when the daemon is not reachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const attempt = mapCommand({ daemon: `http://127.0.0.1:${port}`, minutes: 15, format: 'table', group: undefined });
    await expect(attempt).rejects.toThrow(CliFailure);
    await expect(attempt).rejects.toThrow(`Cannot reach the X-Ray daemon at http://127.0.0.1:${port} (ECONNREFUSED)`);
  });
});

describe('parseMapOptions', () => {
  it('defaults to the local daemon, 15 minutes, a table', () => {
    expect(parseMapOptions([], {})).toEqual({
      help: false,
      options: { daemon: 'http://127.0.0.1:2000', minutes: 15, format: 'table', group: undefined },
    });
  });

  it('refuses an unknown format', () => {
    expect(() => parseMapOptions(['--format', 'svg'], {})).toThrow('--format "svg": use table, mermaid or dot');
  });
});
