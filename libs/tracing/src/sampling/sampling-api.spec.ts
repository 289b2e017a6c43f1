import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@cruddur/test-kit';
import { httpSamplingTransport, samplingTimestampMs } from './sampling-api';

describe('samplingTimestampMs', () => {
  it('reads epoch seconds (the X-Ray API), epoch milliseconds (the local daemon) and ISO text', () => {
    expect(samplingTimestampMs(1_764_748_800)).toBe(1_764_748_800_000);
    expect(samplingTimestampMs(1_764_748_800.5)).toBe(1_764_748_800_500);
    expect(samplingTimestampMs(1_764_748_800_000)).toBe(1_764_748_800_000);
    expect(samplingTimestampMs('2025-12-03T08:00:00Z')).toBe(Date.UTC(2025, 11, 3, 8));
    expect(samplingTimestampMs('soon')).toBeUndefined();
    expect(samplingTimestampMs(null)).toBeUndefined();
  });
});

describe('httpSamplingTransport', () => {
  let server: http.Server;
  let answer: (res: http.ServerResponse) => void;
  const received: { url?: string; body: string }[] = [];
  let endpoint: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ url: req.url, body });
        answer(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const post = (url = endpoint, timeoutMs = 2000) =>
    httpSamplingTransport(url, timeoutMs).post('/GetSamplingRules', {}, new AbortController().signal);

  it('posts the body as JSON and resolves with the parsed answer', async () => {
    answer = (res) => res.end('{"SamplingRuleRecords":[]}');
    await expect(post(`${endpoint}/`)).resolves.toEqual({ SamplingRuleRecords: [] });
    expect(received.at(-1)).toEqual({ url: '/GetSamplingRules', body: '{}' });
  });

  it('rejects, saying why, on an error status, an answer that is not JSON, a refused connection and a timeout', async () => {
    answer = (res) => res.writeHead(500).end('{}');
    await expect(post()).rejects.toThrow(`HTTP 500 from ${endpoint}/GetSamplingRules`);
    answer = (res) => res.end('<html>');
    await expect(post()).rejects.toThrow(`${endpoint}/GetSamplingRules answered with no JSON`);
    const closed = `http://127.0.0.1:${await freePort()}`;
    await expect(post(closed)).rejects.toThrow(`${closed}/GetSamplingRules: ECONNREFUSED`);
    answer = () => undefined;
    await expect(post(endpoint, 200)).rejects.toThrow(`${endpoint}/GetSamplingRules: no answer within 200 ms`);
  });
});
