/** The two OTLP/HTTP body encodings, named by their Content-Type. */
export type OtlpEncoding = 'protobuf' | 'json';

export const OTLP_CONTENT_TYPES: Readonly<Record<OtlpEncoding, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** The encoding a Content-Type header names (parameters such as charset ignored), or undefined. */
export function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  if (type === OTLP_CONTENT_TYPES.protobuf) return 'protobuf';
  if (type === OTLP_CONTENT_TYPES.json) return 'json';
  return undefined;
}
