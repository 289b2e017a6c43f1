import { SegmentCollector } from '@cruddur/test-kit';
import { captureException } from './captured-exception';
import { SegmentEmitter } from './segment-emitter';
import { SegmentEntity } from './trace-entity';

const SDK = { sdk: 'X-Ray for Node.js', sdk_version: '3.12.0', package: '@cruddur/tracing' };
const ROOT = '1-5759e988-bd862e3fe1be46a994272793';

function segment(send: (s: SegmentEntity) => void = () => undefined, parent?: string) {
  return new SegmentEntity('gateway', ROOT, parent, send, SDK);
}

describe('SegmentEntity', () => {
  it('is sent once, when it and every subsegment are closed, in either order', () => {
    const sent: SegmentEntity[] = [];
    const seg = segment((s) => sent.push(s));
    const child = seg.addNewSubsegment('activities');
    const grandchild = child.addNewSubsegment('inner');
    seg.close();
    expect(sent).toHaveLength(0);
    grandchild.close();
    child.close();
    expect(sent).toEqual([seg]);
    child.close();
    seg.close();
    expect(sent).toHaveLength(1);
  });

  it('writes the X-Ray document: ids, times, flags, nested subsegments, annotations, metadata', () => {
    const seg = segment(undefined, '53995c3f42cd8ad8');
    seg.samplingRule = 'Cruddur';
    const call = seg.addNewSubsegment('activities');
    call.namespace = 'remote';
    call.addAnnotation('rpc_pattern', 'activities.home');
    call.addMetadata('rpc', { kind: 'send' });
    call.addMetadata('n', 1, 'custom');
    call.addErrorFlag();
    call.close();
    seg.http = { request: { method: 'GET', url: 'http://x/' }, response: { status: 404 } };
    seg.addErrorFlag();
    seg.close();
    const doc = seg.toDocument();
    expect(doc).toMatchObject({
      trace_id: ROOT,
      parent_id: '53995c3f42cd8ad8',
      id: seg.id,
      name: 'gateway',
      error: true,
      http: { response: { status: 404 } },
      aws: { xray: { ...SDK, sampling_rule_name: 'Cruddur' } },
      service: { runtime: 'node' },
      subsegments: [
        {
          id: call.id,
          name: 'activities',
          namespace: 'remote',
          error: true,
          annotations: { rpc_pattern: 'activities.home' },
          metadata: { default: { rpc: { kind: 'send' } }, custom: { n: 1 } },
        },
      ],
    });
    expect(doc.end_time as number).toBeGreaterThanOrEqual(doc.start_time as number);
    expect(doc).not.toHaveProperty('in_progress');
    expect(doc).not.toHaveProperty('fault');
    expect(seg.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('splits into the segment and independent subsegment documents', () => {
    const seg = segment();
    const a = seg.addNewSubsegment('a');
    a.addNewSubsegment('a1').close();
    a.close();
    seg.close();
    const [head, child] = seg.splitDocuments();
    expect(head).not.toHaveProperty('subsegments');
    expect(child).toMatchObject({
      type: 'subsegment',
      trace_id: ROOT,
      parent_id: seg.id,
      id: a.id,
      subsegments: [{ name: 'a1' }],
    });
  });
});

describe('captureException', () => {
  it('keeps message, type and parsed frames, native frames with a null line', () => {
    const error = new TypeError('boom');
    error.stack =
      'TypeError: boom\n    at handler (/app/main.js:12:5)\n    at /app/other.js:3:1\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n    at new Promise (<anonymous>)';
    const captured = captureException(error, true);
    expect(captured).toMatchObject({ message: 'boom', type: 'TypeError', remote: true });
    expect(captured.stack[0]).toEqual({ path: '/app/main.js', line: 12, label: 'handler' });
    expect(captured.stack[1]).toEqual({ path: '/app/other.js', line: 3, label: 'anonymous' });
    expect(captured.stack[4]).toEqual({ path: '<anonymous>', line: null, label: 'new Promise' });
  });

  it('describes non-Error values and truncates long stacks', () => {
    expect(captureException({ status: 404, message: 'no user' })).toMatchObject({
      message: 'no user',
      type: 'object',
      stack: [],
    });
    const error = new Error('deep');
    error.stack = ['Error: deep', ...Array.from({ length: 80 }, (_, i) => `    at f${i} (/a.js:${i + 1}:1)`)].join(
      '\n',
    );
    const captured = captureException(error);
    expect(captured.stack).toHaveLength(50);
    expect(captured.truncated).toBe(30);
  });
});

describe('SegmentEmitter', () => {
  it('sends a too-large segment as independent subsegments, and survives BigInt and cycles in metadata', async () => {
    const collector = await SegmentCollector.start();
    const emitter = new SegmentEmitter({ host: '127.0.0.1', port: collector.port }, (m) => {
      throw new Error(m);
    });
    try {
      const big = segment((s) => emitter.export(s));
      for (let i = 0; i < 4; i++) {
        const child = big.addNewSubsegment(`child${i}`);
        child.addMetadata('blob', 'x'.repeat(20_000));
        child.close();
      }
      const cyclic: Record<string, unknown> = { n: BigInt(7) };
      cyclic.self = cyclic;
      big.addMetadata('odd', cyclic);
      big.close();
      for (let i = 0; i < 100 && collector.segments.length < 5; i++) await new Promise((r) => setTimeout(r, 10));
      expect(collector.segments).toHaveLength(5);
      expect(collector.segments.filter((s) => s.type === 'subsegment').map((s) => s.parent_id)).toEqual(
        Array(4).fill(big.id),
      );
      expect(
        (collector.segments.find((s) => s.id === big.id)?.metadata?.default as { odd?: unknown } | undefined)?.odd,
      ).toEqual({ n: '7', self: '[Circular]' });
    } finally {
      await emitter.shutdown();
      await collector.close();
    }
  });
});
