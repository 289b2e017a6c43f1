import { OtlpTraceSchema } from '../schema/otlp-trace-schema';
import { encodeExportResponse, encodeRpcStatus, RpcCode } from './export-response';
import { encodingOf } from './otlp-encoding';

describe('OTLP/HTTP answers', () => {
  it('full success is an empty ExportTraceServiceResponse in either encoding', () => {
    expect(encodeExportResponse('protobuf')).toHaveLength(0);
    expect(JSON.parse(encodeExportResponse('json').toString())).toEqual({});
  });
  it('partial success carries rejected_spans and error_message (int64 as a string in JSON)', () => {
    const partial = { rejectedSpans: 3, errorMessage: '3 spans rejected' };
    const decoded = OtlpTraceSchema.ExportTraceServiceResponse.toObject(
      OtlpTraceSchema.ExportTraceServiceResponse.decode(encodeExportResponse('protobuf', partial)),
      { longs: Number },
    );
    expect(decoded).toEqual({ partialSuccess: partial });
    expect(JSON.parse(encodeExportResponse('json', partial).toString())).toEqual({
      partialSuccess: { rejectedSpans: '3', errorMessage: '3 spans rejected' },
    });
  });
  it('errors are a google.rpc.Status', () => {
    const decoded = OtlpTraceSchema.Status.toObject(
      OtlpTraceSchema.Status.decode(encodeRpcStatus('protobuf', RpcCode.invalidArgument, 'bad body')),
    );
    expect(decoded).toEqual({ code: 3, message: 'bad body' });
    expect(JSON.parse(encodeRpcStatus('json', 3, 'bad body').toString())).toEqual({ code: 3, message: 'bad body' });
  });
  it('reads the encoding from Content-Type, parameters and case aside', () => {
    expect(encodingOf('application/x-protobuf')).toBe('protobuf');
    expect(encodingOf('Application/JSON; charset=utf-8')).toBe('json');
    expect(encodingOf('text/plain')).toBeUndefined();
    expect(encodingOf(undefined)).toBeUndefined();
  });
});
