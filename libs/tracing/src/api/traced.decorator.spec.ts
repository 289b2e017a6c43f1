import 'reflect-metadata';
import { MessagePattern } from '@nestjs/microservices';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { lastValueFrom, Observable, of } from 'rxjs';
import { parseTraceHeader } from '@cruddur/xray-contracts';
import { runInTrace } from '../context/trace-context';
import { startTestTracer, TestTracer, upstreamHeader } from '../testing/test-tracer';
import { Traced } from './traced.decorator';

let daemon: TestTracer;
beforeAll(async () => {
  daemon = await startTestTracer({ contextMissing: 'IGNORE_ERROR' });
});
afterAll(() => daemon.stop());

class Store {
  constructor(private readonly prefix: string) {}

  @Traced()
  label(value: string): string {
    return `${this.prefix}${value}`;
  }

  @Traced('store_load')
  async load(id: number): Promise<{ id: number; by: string }> {
    await new Promise((r) => setTimeout(r, 1));
    return { id, by: this.prefix };
  }

  @Traced()
  @MessagePattern('store.stream')
  stream(): Observable<string> {
    return of(this.prefix);
  }

  @MessagePattern('store.fail')
  @Traced()
  fail(): never {
    throw new Error(`${this.prefix} failed`);
  }
}

describe('@Traced', () => {
  it('keeps this, arguments, return values, names and the metadata of other decorators', async () => {
    const store = new Store('s:');
    const trace = daemon.tracer.startSegment({
      name: 'test-service',
      incoming: parseTraceHeader(upstreamHeader('1')),
      trustSampling: true,
      sampleRequest: { serviceName: 'x' },
    });
    await runInTrace(trace, async () => {
      expect(store.label('a')).toBe('s:a');
      await expect(store.load(7)).resolves.toEqual({ id: 7, by: 's:' });
      await expect(lastValueFrom(store.stream())).resolves.toBe('s:');
      expect(() => store.fail()).toThrow('s: failed');
    });
    daemon.tracer.finish(trace.segment, { kind: 'ok' });

    const [segment] = await daemon.exporter.waitForTrace(trace.traceId, (s) => s.length > 0);
    expect(segment.subsegments?.map((s) => [s.name, s.fault ?? false])).toEqual([
      ['label', false],
      ['store_load', false],
      ['stream', false],
      ['fail', true],
    ]);
    expect(Reflect.getMetadata(PATTERN_METADATA, Store.prototype.stream)).toEqual(['store.stream']);
    expect(Reflect.getMetadata(PATTERN_METADATA, Store.prototype.fail)).toEqual(['store.fail']);
    expect([Store.prototype.label.name, Store.prototype.load.name]).toEqual(['label', 'load']);
  });

  it('runs the method unchanged outside a trace', async () => {
    const store = new Store('p-');
    expect(store.label('b')).toBe('p-b');
    await expect(store.load(1)).resolves.toEqual({ id: 1, by: 'p-' });
  });
});
