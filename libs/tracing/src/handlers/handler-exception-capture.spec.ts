import 'reflect-metadata';
import { Get } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { lastValueFrom, Observable, throwError } from 'rxjs';
import { defined } from '@cruddur/test-kit';
import { parseTraceHeader } from '@cruddur/xray-contracts';
import { runInTrace } from '../context/trace-context';
import { startTestTracer, TestTracer, upstreamHeader } from '../testing/test-tracer';
import { captureHandlerExceptions } from './handler-exception-capture';
import { takeRecordedException } from './recorded-exception';

let daemon: TestTracer;
beforeAll(() => {
  daemon = startTestTracer();
});
afterAll(() => daemon.stop());

class BaseController {
  @MessagePattern('inherited')
  inherited(): never {
    throw new RangeError('from the base class');
  }
}

class ItemsController extends BaseController {
  constructor(private readonly prefix: string) {
    super();
  }

  @Get('sync')
  sync(): never {
    throw new Error(`${this.prefix} sync`);
  }

  @Get('async')
  async rejects(): Promise<never> {
    throw new Error(`${this.prefix} async`);
  }

  @EventPattern('stream')
  stream(): Observable<never> {
    return throwError(() => new Error(`${this.prefix} stream`));
  }

  @Get('fine')
  fine(): string {
    return this.prefix;
  }

  helper(): never {
    throw new Error('not a handler');
  }
}

const original = {
  sync: ItemsController.prototype.sync,
  helper: ItemsController.prototype.helper,
};
captureHandlerExceptions([ItemsController]);

function sampled(sampledFlag: '0' | '1' = '1') {
  return daemon.tracer.startSegment({
    name: 'items',
    incoming: parseTraceHeader(upstreamHeader(sampledFlag)),
    trustSampling: true,
    sampleRequest: { serviceName: 'items' },
  });
}

async function thrownBy(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('captureHandlerExceptions', () => {
  const items = new ItemsController('items');

  it.each([
    ['a sync throw', () => items.sync(), 'items sync'],
    ['a rejected promise', () => items.rejects(), 'items async'],
    ['an errored observable', () => lastValueFrom(items.stream()), 'items stream'],
    ['an inherited handler', () => items.inherited(), 'from the base class'],
  ])('records %s in the sampled segment and still throws it to Nest', async (_, run, message) => {
    const trace = sampled();
    const error = await runInTrace(trace, () => thrownBy(run));
    expect(error).toMatchObject({ message });
    expect(takeRecordedException(defined(trace.segment, 'a sampled segment'))).toBe(error);
  });

  it('records nothing for an unsampled request, and passes results through', async () => {
    const trace = sampled('0');
    expect(trace.segment).toBeUndefined();
    await expect(runInTrace(trace, () => thrownBy(() => items.sync()))).resolves.toMatchObject({
      message: 'items sync',
    });
    const ok = sampled();
    expect(runInTrace(ok, () => items.fine())).toBe('items');
    expect(takeRecordedException(defined(ok.segment, 'a sampled segment'))).toBeUndefined();
  });

  it("keeps Nest's metadata and the name on the wrapper, and leaves methods that are not handlers alone", () => {
    const wrapped = ItemsController.prototype.sync;
    expect(wrapped).not.toBe(original.sync);
    expect(wrapped.name).toBe('sync');
    expect(Reflect.getMetadata(PATH_METADATA, wrapped)).toBe('sync');
    expect(Reflect.getMetadata(PATTERN_METADATA, BaseController.prototype.inherited)).toEqual(['inherited']);
    expect(ItemsController.prototype.helper).toBe(original.helper);
  });

  it('wraps a handler once when a second app is built from the same classes', () => {
    const wrapped = ItemsController.prototype.sync;
    captureHandlerExceptions([ItemsController]);
    expect(ItemsController.prototype.sync).toBe(wrapped);
  });
});
