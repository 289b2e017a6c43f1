import { createSocket } from 'node:dgram';
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceSummariesCommand,
  type Trace,
} from '@aws-sdk/client-xray';
import {
  type CountersBody,
  DaemonUnderTest,
  eventually,
  type GeneratedDatagram,
  malformedPicker,
  validDatagram,
} from '@cruddur/test-kit';
import { recordFigures } from './support/figures';
import { rssKb, udpSnmp, udpSocketDrops } from './support/proc-stats';
import { count, Random, SEED } from './support/scale';

/** Issue #8.1: the daemon under bad input, over its real UDP socket. */
const MALFORMED_COUNT = count('MALFORMED_DATAGRAMS', 100_000, 1_000_000);
/** One valid datagram after every this many malformed ones. */
const VALID_EVERY = 10;
/** Malformed datagrams sent after the mixed run, alone: memory must not grow with them. */
const MALFORMED_TAIL = count('MALFORMED_TAIL', 20_000, 200_000);
const SEGMENTS_PER_TRACE = 4;
/** At most this many datagrams sent but not yet read by the daemon (keeps the receive buffer far from full). */
const WINDOW = 1000;
const BATCH = 250;

let daemon: DaemonUnderTest;

beforeAll(async () => {
  daemon = await DaemonUnderTest.start({ XRAY_DAEMON_MAX_TRACES: '1000000' });
});
afterAll(async () => {
  await daemon?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function delta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(after))
    if (after[key] - (before[key] ?? 0) !== 0) out[key] = after[key] - (before[key] ?? 0);
  return out;
}

it(`survives ${MALFORMED_COUNT} malformed datagrams interleaved with valid ones (then ${MALFORMED_TAIL} alone), stores every valid one and counts every invalid one by reason`, async () => {
  const r = new Random(SEED);
  const nextMalformed = malformedPicker(r);
  const pid = daemon.pid as number;
  const snmpBefore = udpSnmp();
  const dropsBefore = udpSocketDrops(daemon.port);
  const before: CountersBody = await daemon.counters();
  const rssBefore = rssKb(pid);
  let rssPeak = rssBefore;

  const expectedByReason: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const traces = new Map<string, string[]>();
  let tried = 0;
  let refusedBySender = 0;
  let valid = 0;
  let validBytes = 0;
  let malformed = 0;
  let validIndex = 0;
  let currentTrace = { traceId: '', rootId: '' };

  const nextDatagram = (): GeneratedDatagram => {
    if ((malformed + valid) % (VALID_EVERY + 1) === VALID_EVERY) {
      if (validIndex % SEGMENTS_PER_TRACE === 0)
        currentTrace = { traceId: `1-${Math.floor(Date.now() / 1000).toString(16)}-${r.hex(24)}`, rootId: r.hex(16) };
      const root = validIndex % SEGMENTS_PER_TRACE === 0;
      const id = root ? currentTrace.rootId : r.hex(16);
      const datagram = validDatagram(r, currentTrace.traceId, id, root ? undefined : currentTrace.rootId, validIndex++);
      valid++;
      validBytes += datagram.data.length;
      traces.set(currentTrace.traceId, [...(traces.get(currentTrace.traceId) ?? []), id]);
      return datagram;
    }
    malformed++;
    return nextMalformed();
  };

  const socket = createSocket('udp4');
  const send = (datagram: GeneratedDatagram) =>
    new Promise<void>((resolve, reject) =>
      socket.send(datagram.data, daemon.port, '127.0.0.1', (error) => {
        if (!error) return resolve();
        if ((error as NodeJS.ErrnoException).code === 'EMSGSIZE' && datagram.expect === 'emsgsize') {
          refusedBySender++;
          return resolve();
        }
        reject(error);
      }),
    );
  /** Sends until `more()` says stop, in batches, paced by what the daemon has read. */
  const blast = async (more: () => boolean, next: () => GeneratedDatagram) => {
    while (more()) {
      const batch: GeneratedDatagram[] = [];
      for (let i = 0; i < BATCH && more(); i++) {
        const datagram = next();
        batch.push(datagram);
        tried++;
        byKind[datagram.kind] = (byKind[datagram.kind] ?? 0) + 1;
        if (datagram.expect !== 'valid' && datagram.expect !== 'emsgsize')
          expectedByReason[datagram.expect] = (expectedByReason[datagram.expect] ?? 0) + 1;
      }
      await Promise.all(batch.map(send));
      // Pacing: wait for the daemon to read all but WINDOW of what was delivered.
      for (;;) {
        const read = (await daemon.counters()).udp.datagrams - before.udp.datagrams;
        if (tried - refusedBySender - read <= WINDOW) break;
        await sleep(1);
      }
      if (tried % (BATCH * 40) === 0) rssPeak = Math.max(rssPeak, rssKb(pid));
    }
  };

  const started = Date.now();
  let rssAfterMixed: number;
  let tail = 0;
  try {
    await blast(() => malformed < MALFORMED_COUNT, nextDatagram);
    // Then malformed ones only: with nothing new to keep, memory must stay flat.
    await sleep(200);
    rssAfterMixed = rssKb(pid);
    await blast(
      () => tail < MALFORMED_TAIL,
      () => {
        tail++;
        malformed++;
        return nextMalformed();
      },
    );
  } finally {
    socket.close();
  }
  const delivered = tried - refusedBySender;
  const read = await eventually(async () => {
    const c = await daemon.counters();
    return c.udp.datagrams - before.udp.datagrams >= delivered - (udpSocketDrops(daemon.port) - dropsBefore)
      ? c
      : undefined;
  }, 15_000);
  const sendSeconds = (Date.now() - started) / 1000;
  expect(read).toBeDefined();
  const after = read as CountersBody & { udp: { handlerErrors?: number } };
  const socketDrops = udpSocketDrops(daemon.port) - dropsBefore;
  const snmpAfter = udpSnmp();
  rssPeak = Math.max(rssPeak, rssKb(pid));
  const rssAfter = rssKb(pid);

  // Still up, and nothing threw inside the datagram handler.
  expect((await fetch(daemon.url('/healthz'))).status).toBe(200);
  expect(after.udp.handlerErrors ?? 0).toBe(0);

  // Every delivered datagram reached the handler: none was lost in the kernel.
  const received = after.ingest.received - before.ingest.received;
  const figures = {
    seed: SEED,
    datagramsTried: tried,
    malformed,
    valid,
    refusedBySenderKernel: refusedBySender,
    delivered,
    readByDaemon: after.udp.datagrams - before.udp.datagrams,
    daemonSocketDrops: socketDrops,
    systemRcvbufErrorsDelta: snmpAfter.RcvbufErrors - snmpBefore.RcvbufErrors,
    receiveBufferBytes: after.udp.receiveBufferBytes,
    sendSeconds,
    datagramsPerSecond: Math.round(tried / sendSeconds),
    accepted: after.ingest.accepted - before.ingest.accepted,
    rejected: after.ingest.rejected - before.ingest.rejected,
    rejectedByReason: delta(after.ingest.rejectedByReason, before.ingest.rejectedByReason),
    expectedByReason,
    byKind,
    storedSegments: after.ingest.stored.segments,
    storedTraces: after.ingest.stored.traces,
    validBytes,
    rssKb: { before: rssBefore, afterMixed: rssAfterMixed, peak: rssPeak, after: rssAfter },
    malformedTail: MALFORMED_TAIL,
  };
  recordFigures('daemon-bad-datagrams', figures);
  expect(socketDrops).toBe(0);
  expect(received).toBe(delivered);

  // Every invalid one is counted, under the reason the wire protocol says.
  expect(figures.rejectedByReason).toEqual(expectedByReason);
  expect(figures.rejected).toBe(malformed - refusedBySender);

  // Every valid one is stored, and read back whole.
  expect(figures.accepted).toBe(valid);
  expect(after.ingest.stored.segments).toBe(valid);
  expect(after.ingest.stored.traces).toBe(traces.size);
  const ids = [...traces.keys()];
  const missing: string[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const found: Trace[] = [];
    let NextToken: string | undefined;
    do {
      const page = await daemon.client.send(new BatchGetTracesCommand({ TraceIds: ids.slice(i, i + 100), NextToken }));
      found.push(...(page.Traces ?? []));
      expect(page.UnprocessedTraceIds ?? []).toEqual([]);
      NextToken = page.NextToken;
    } while (NextToken);
    for (const trace of found) {
      const got = (trace.Segments ?? []).map((s) => s.Id).sort();
      if (JSON.stringify(got) !== JSON.stringify([...(traces.get(trace.Id as string) ?? [])].sort()))
        missing.push(trace.Id as string);
    }
    expect(found).toHaveLength(Math.min(100, ids.length - i));
  }
  expect(missing).toEqual([]);

  // The queries that read everything still answer.
  const window = { StartTime: new Date(Date.now() - 3600_000), EndTime: new Date(Date.now() + 60_000) };
  const graph = await daemon.client.send(new GetServiceGraphCommand(window));
  expect(graph.Services?.map((s) => s.Name)).toEqual(expect.arrayContaining(['fuzz-edge', 'fuzz-downstream']));
  const summaries = await daemon.client.send(new GetTraceSummariesCommand({ ...window, FilterExpression: 'fault' }));
  expect(summaries.TraceSummaries?.length).toBeGreaterThan(0);
  expect(daemon.logs()).not.toMatch(/API bug|datagram handler failed/);

  // Bounded memory: growth follows what was kept (the valid documents, stored as received), and
  // malformed datagrams alone leave nothing behind.
  expect((rssAfterMixed - rssBefore) * 1024).toBeLessThan(64 * 1024 * 1024 + 4 * validBytes);
  expect(rssAfter - rssAfterMixed).toBeLessThan(48 * 1024);
});
