import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { type ClientProxy, ClientProxyFactory, MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { IsString } from 'class-validator';
import { firstValueFrom } from 'rxjs';
import { eventually, freePort, SegmentCollector } from '@cruddur/test-kit';
import { startTcpService } from './start-service';

class EchoDto {
  @IsString()
  text!: string;
}

@Controller()
class EchoController {
  @MessagePattern('echo')
  echo(@Payload() dto: EchoDto): string {
    return dto.text;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

let collector: SegmentCollector;
let service: INestMicroservice;
let client: ClientProxy;

beforeAll(async () => {
  collector = await SegmentCollector.start();
  const port = await freePort();
  service = await startTcpService({
    name: 'notifications',
    address: { host: '127.0.0.1', port },
    module: { module: EchoModule },
    tracing: { daemonAddress: collector.address, centralizedSampling: false, trustIncomingSampling: true },
  });
  client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
});

afterAll(async () => {
  await client?.close();
  await service?.close();
  await collector?.close();
});

describe('startTcpService', () => {
  it('serves the module, validates every payload and records segments under the service name', async () => {
    await expect(firstValueFrom(client.send('echo', { text: 'hi' }))).resolves.toBe('hi');
    await expect(firstValueFrom(client.send('echo', { text: 5 }))).rejects.toMatchObject({
      status: 422,
      message: 'invalid payload',
    });
    // The first message of a second is sampled (the default rule's reservoir is one a second).
    const segment = await eventually(async () => collector.segments.find((s) => s.name === 'notifications'));
    expect(segment).toMatchObject({
      name: 'notifications',
      trace_id: expect.stringMatching(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/),
    });
  });
});
