import { captureSampleExport } from '../testing/otel-export.fixture';
import { decodeTraceRequestJson } from './decode-json';
import { decodeTraceRequestProtobuf } from './decode-protobuf';

describe('decoders on bodies from the real OpenTelemetry JS exporter', () => {
  it('smoke', async () => {
    
    const pb = await captureSampleExport('protobuf');
    const js = await captureSampleExport('json');
    console.log(pb.contentType, js.contentType, js.body.toString().slice(0, 2000));
    console.log(JSON.stringify(decodeTraceRequestProtobuf(pb.body), null, 1).slice(0, 3000));
    expect(decodeTraceRequestProtobuf(pb.body)).toEqual(decodeTraceRequestJson(js.body.toString()));
  });
});
