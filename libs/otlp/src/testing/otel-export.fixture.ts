import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** What the real OpenTelemetry JS exporter put on the wire. */
export interface CapturedExport {
  readonly contentType: string;
  readonly body: Buffer;
}

function readAll(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Runs export-sample-spans.cjs (the real SDK and OTLP/HTTP exporter, protobuf or JSON) against
 * a local server and returns the request it sent.
 */
export async function captureSampleExport(encoding: 'protobuf' | 'json'): Promise<CapturedExport> {
  let captured: CapturedExport | undefined;
  const server = createServer((request, response) => {
    void readAll(request).then((body) => {
      captured = { contentType: String(request.headers['content-type']), body };
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  try {
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        [join(__dirname, 'export-sample-spans.cjs'), encoding, url],
        (error, _stdout, stderr) => (error === null ? resolve() : reject(new Error(`exporter failed: ${stderr}`))),
      ),
    );
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  if (captured === undefined) throw new Error('the exporter sent nothing');
  return captured;
}
