/** A request body that is not an ExportTraceServiceRequest in the encoding it claims: nothing of it is stored (HTTP 400). */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}
