import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toSegmentRecord } from '../store/segment-record';
import { SegmentLog } from './segment-log';
import { StateFiles } from './state-files';

const TRACE = '1-5f84c7a5-000000000000000000000001';
const doc = (n: number) =>
  JSON.stringify({ name: 'svc', id: n.toString(16).padStart(16, '0'), trace_id: TRACE, start_time: 1, end_time: 2 });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xray-persistence-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function replay(options: Partial<ConstructorParameters<typeof SegmentLog>[0]> = {}) {
  const seen: string[] = [];
  const log = new SegmentLog({ dir, liveDocuments: () => [], ...options });
  const result = await log.open((_document, json) => seen.push(json));
  return { log, seen, result };
}

describe('SegmentLog', () => {
  it('replays what was appended before close', async () => {
    const first = await replay();
    expect(first.result).toEqual({ replayed: 0, skipped: 0 });
    first.log.append(doc(1));
    first.log.append(doc(2).replace(',', ',\n')); // pretty-printed input still takes one line
    await first.log.close();
    const second = await replay();
    expect(second.result).toEqual({ replayed: 2, skipped: 0 });
    expect(second.seen.map((j) => JSON.parse(j).id)).toEqual([JSON.parse(doc(1)).id, JSON.parse(doc(2)).id]);
    await second.log.close();
  });

  it('flushes on its own within the flush interval', async () => {
    const { log } = await replay({ flushIntervalMs: 20 });
    log.append(doc(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await readFile(join(dir, 'segments.log'), 'utf8')).toBe(doc(1) + '\n');
    await log.close();
  });

  it('skips and counts corrupt and truncated lines, then keeps appending cleanly', async () => {
    await writeFile(join(dir, 'segments.log'), `${doc(1)}\nnot json\n${doc(2)}\n${doc(3).slice(0, 20)}`);
    const first = await replay();
    expect(first.result).toEqual({ replayed: 2, skipped: 2 });
    first.log.append(doc(4));
    await first.log.close();
    const second = await replay();
    expect(second.result).toEqual({ replayed: 3, skipped: 2 });
    await second.log.close();
  });

  it('compacts to the live documents once it passes its size threshold', async () => {
    const live = [doc(7)];
    const { log } = await replay({ compactAtBytes: 1000, liveDocuments: () => live });
    for (let n = 0; n < 50; n++) log.append(doc(n));
    await log.flush();
    expect((await stat(join(dir, 'segments.log'))).size).toBeGreaterThan(1000);
    log.append(doc(8));
    live.push(doc(8));
    await log.flush();
    expect(await readFile(join(dir, 'segments.log'), 'utf8')).toBe(`${doc(7)}\n${doc(8)}\n`);
    log.append(doc(9));
    await log.close();
    expect(await readFile(join(dir, 'segments.log'), 'utf8')).toBe(`${doc(7)}\n${doc(8)}\n${doc(9)}\n`);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('compacts from stored records, whose text comes back exactly (non-ASCII included)', async () => {
    const texts = [doc(1).replace('svc', 'café ✓'), doc(2).replace('svc', '日本語 🚀').replace(',', ' , ')];
    const records = texts.map((json) => toSegmentRecord(JSON.parse(json), json));
    const { log } = await replay({ compactAtBytes: 100, liveDocuments: () => records.map((r) => r.json) });
    for (const json of [...texts, doc(3)]) log.append(json);
    await log.flush();
    await log.flush(); // past 100 bytes: rewritten from the records, doc(3) is not among them
    await log.close();
    expect(await readFile(join(dir, 'segments.log'), 'utf8')).toBe(`${texts.join('\n')}\n`);
    const again = await replay();
    expect(again.seen).toEqual(texts);
    await again.log.close();
  });
});

describe('StateFiles', () => {
  it('saves atomically and loads back', async () => {
    const files = new StateFiles(join(dir, 'state'));
    expect(await files.loadState('groups')).toBeUndefined();
    await files.saveState('groups', [{ GroupName: 'slow', FilterExpression: 'responsetime > 1' }]);
    await files.saveState('groups', [{ GroupName: 'errors', FilterExpression: 'error' }]);
    expect(await files.loadState('groups')).toEqual([{ GroupName: 'errors', FilterExpression: 'error' }]);
    expect(await readdir(join(dir, 'state'))).toEqual(['groups.json']);
  });

  it('refuses names that could escape the data dir, and reports corrupt files', async () => {
    const files = new StateFiles(dir);
    await expect(files.saveState('../etc/passwd', {})).rejects.toThrow('invalid state name');
    await appendFile(join(dir, 'rules.json'), '{"half":');
    await expect(files.loadState('rules')).rejects.toThrow('not valid JSON');
  });
});
