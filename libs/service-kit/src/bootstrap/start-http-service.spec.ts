import {
  Body,
  Controller,
  Get,
  Inject,
  type INestApplication,
  type INestMicroservice,
  Module,
  Post,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type ClientProxy, MessagePattern, type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { IsString } from 'class-validator';
import { firstValueFrom } from 'rxjs';
import { ServiceNames } from '@cruddur/contracts';
import { eventually, freePort, SegmentCollector } from '@cruddur/test-kit';
import { formatTraceHeader, newTraceId } from '@cruddur/xray-contracts';
import { startHttpService } from './start-service';

class NoteDto {
  @IsString()
  text!: string;
}

@Controller()
class NotesController {
  constructor(@Inject(ServiceNames.notifications) private readonly notifications: ClientProxy) {}

  @Get('count')
  count(): Promise<number> {
    return firstValueFrom(this.notifications.send<number>('count', {}));
  }

  @Post('notes')
  add(@Body() note: NoteDto): string {
    return note.text;
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

@Controller()
class CountController {
  @MessagePattern('count')
  count(): number {
    return 3;
  }
}

@Module({ controllers: [CountController] })
class CountModule {}

let collector: SegmentCollector;
let downstream: INestMicroservice;
let service: INestApplication;
let base: string;

beforeAll(async () => {
  collector = await SegmentCollector.start();
  const downstreamPort = await freePort();
  downstream = await NestFactory.createMicroservice<MicroserviceOptions>(CountModule, {
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: downstreamPort },
    logger: false,
  });
  await downstream.listen();
  const port = await freePort();
  service = await startHttpService({
    name: 'gateway',
    address: { host: '127.0.0.1', port },
    module: { module: NotesModule },
    calls: { notifications: { host: '127.0.0.1', port: downstreamPort } },
    tracing: { daemonAddress: collector.address, centralizedSampling: false, trustIncomingSampling: true },
  });
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await service?.close();
  await downstream?.close();
  await collector?.close();
});

describe('startHttpService', () => {
  it('traces each request and each call through the clients it registers', async () => {
    const root = newTraceId();
    const res = await fetch(`${base}/count`, {
      headers: { 'X-Amzn-Trace-Id': formatTraceHeader({ root, sampled: '1' }) },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toBe(3);
    expect(res.headers.get('x-amzn-trace-id')).toBe(`Root=${root};Sampled=1`);
    const segment = await eventually(async () =>
      collector.segments.find((s) => s.trace_id === root && s.name === 'gateway'),
    );
    expect(segment?.subsegments).toEqual([expect.objectContaining({ name: 'notifications', namespace: 'remote' })]);
  });

  it('validates bodies: a DTO violation is a 422, malformed JSON a 400, and both are traced', async () => {
    const post = (body: string) =>
      fetch(`${base}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const ok = await post('{"text":"hi"}');
    expect([ok.status, await ok.text()]).toEqual([201, 'hi']);
    const invalid = await post('{"text":5}');
    expect(invalid.status).toBe(422);
    const malformed = await post('{"text":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-amzn-trace-id')).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=[01]$/);
  });
});
