import type { Random } from '../support/scale';

/** Marker put in every injection attempt: it must never show up in a response header. */
export const MARKER = 'INJECTED';

export interface HeaderCase {
  readonly kind: string;
  /** Raw header value bytes, written as is after `X-Amzn-Trace-Id: ` (may hold CR, LF, NUL, UTF-8). */
  readonly value: Buffer;
  /** A well-formed incoming root the gateway should continue (the answer must carry it). */
  readonly validRoot?: string;
}

const hex = (r: Random, n: number) => r.hex(n);
const root = (r: Random, epoch = Math.floor(Date.now() / 1000)) =>
  `1-${epoch.toString(16).padStart(8, '0')}-${hex(r, 24)}`;

/** `X-Amzn-Trace-Id` values: random, injected, huge, unicode, and valid-looking but wrong. */
export function traceHeaderCase(r: Random): HeaderCase {
  const make: (() => HeaderCase)[] = [
    () => ({ kind: 'random_bytes', value: r.bytes(1 + r.int(300)) }),
    () => {
      // Printable garbage only: passes the HTTP parser, reaches the tracing middleware.
      const b = r.bytes(1 + r.int(600));
      for (let i = 0; i < b.length; i++) b[i] = 0x21 + (b[i] % 94);
      return { kind: 'random_printable', value: b };
    },
    () => ({
      kind: 'crlf_injection',
      value: Buffer.from(
        r.pick([
          `Root=${root(r)};Sampled=1\r\nSet-Cookie: ${MARKER}=1`,
          `Root=${root(r)}\r\n\r\nHTTP/1.1 200 OK\r\nX-${MARKER}: 1`,
          `Root=${root(r)};Parent=${hex(r, 16)}\nX-${MARKER}: lf-only`,
          `Root=${root(r)}\rX-${MARKER}: cr-only`,
          `Root=${root(r)};Sampled=1%0d%0aX-${MARKER}:%20encoded`,
          `Root=${root(r)};Self=\u2028X-${MARKER}`,
          `Root=${root(r)};Lineage=a:1|${MARKER}\r\n`,
        ]),
        'utf8',
      ),
    }),
    () => ({ kind: 'huge', value: Buffer.from(`Root=${root(r)};${'Self=x;'.repeat(r.pick([80, 1000, 2000]))}`) }),
    () => ({
      kind: 'unicode',
      value: Buffer.from(
        r.pick([
          `Root=1-${'é'.repeat(8)}-${'ü'.repeat(24)}`,
          `Root=${root(r)};Sampled=１`,
          `Root=${root(r).replace(/a/g, 'а')}`,
          `🚀=${root(r)}`,
          `Root=${root(r)};Parent=${'٠'.repeat(16)}`,
        ]),
        'utf8',
      ),
    }),
    () => ({
      kind: 'wrong_but_plausible',
      value: Buffer.from(
        r.pick([
          `Root=${root(r).toUpperCase()}`,
          `Root=2${root(r).slice(1)}`,
          `Root=${root(r)}0`,
          `Root=${root(r).slice(0, 34)}`,
          `Root=${root(r)};Parent=${hex(r, 15)}`,
          `Root=${root(r)};Sampled=2`,
          `Root=${root(r)};Root=${root(r)}`,
          `Root=${root(r)};Sampled=1;Sampled=0`,
          `root=${root(r)}`,
          `Root =${root(r)}x`,
          `Parent=${hex(r, 16)};Sampled=1`,
          `Root=${root(r)};=x`,
          `Root=${root(r)};Lineage=${'x'.repeat(300)}`,
          `Root=<script>alert(1)</script>`,
          `Root=${root(r)};Parent=${hex(r, 16)};Sampled=1;Lineage=${MARKER}"quoted"`,
          ';;;;',
          '=',
          ' ',
        ]),
      ),
    }),
    () => {
      const valid = root(r);
      const extra = r.pick([
        '',
        `;Parent=${hex(r, 16)}`,
        ';Sampled=1',
        ';Sampled=0',
        ';Sampled=?',
        `;Self=1-${hex(r, 8)}-${hex(r, 24)}`,
        ';Lineage=a87bd80c:1|68fd508a:5',
      ]);
      return { kind: 'valid', value: Buffer.from(`Root=${valid}${extra}`), validRoot: valid };
    },
    // Well-formed with any first 8 hex (1970, 2106, random as OpenTelemetry's W3C ids): continued.
    () => {
      const any = root(r, r.pick([0, 0xffffffff, Math.floor(Date.now() / 1000) - 2 * 86400, r.int(0xffffffff)]));
      return { kind: 'any_epoch', value: Buffer.from(`Root=${any};Sampled=1`), validRoot: any };
    },
  ];
  return r.pick(make)();
}

/** Bodies for POST /api/activities: broken JSON, wrong types, huge, unicode. */
export function activityBody(r: Random): { kind: string; body: Buffer; contentType: string } {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const pick = r.int(9);
  switch (pick) {
    case 0:
      return {
        kind: 'bad_json',
        body: Buffer.from(
          r.pick(['{', '{"message":}', "{'message':'x'}", '{"message":"x",}', 'nul', '\u0000', '{"message":"\\ud800"']),
          'utf8',
        ),
        contentType: 'application/json',
      };
    case 1:
      return {
        kind: 'wrong_types',
        body: json(
          r.pick<unknown>([
            { message: 1 },
            { message: null },
            { message: [] },
            { message: {} },
            { ttl: 7 },
            { message: 'x', ttl: ['1-day'] },
            [],
            'str',
            42,
            null,
          ]),
        ),
        contentType: 'application/json',
      };
    case 2:
      return {
        kind: 'huge_body',
        body: json({ message: 'x'.repeat(r.pick([64 * 1024, 200 * 1024, 1024 * 1024])), ttl: '1-day' }),
        contentType: 'application/json',
      };
    case 3:
      return {
        kind: 'unicode',
        body: json({
          message: r.pick(['héllo 🚀 @worf', '\u202eevil', 'a\u0000b', '\ud800', '𝕏'.repeat(300), 'ß'.repeat(280)]),
          ttl: '1-day',
        }),
        contentType: 'application/json',
      };
    case 4:
      return {
        kind: 'proto_keys',
        body: Buffer.from(
          `{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"message":"proto","ttl":"1-day"}`,
        ),
        contentType: 'application/json',
      };
    case 5:
      return {
        kind: 'wrong_content_type',
        body: Buffer.from('message=x&ttl=1-day'),
        contentType: r.pick([
          'application/x-www-form-urlencoded',
          'text/plain',
          'application/json; charset=utf-16',
          'multipart/form-data; boundary=x',
        ]),
      };
    case 6:
      return {
        kind: 'deep_json',
        body: Buffer.from(`{"message":${'['.repeat(5000)}${']'.repeat(5000)},"ttl":"1-day"}`),
        contentType: 'application/json',
      };
    case 7:
      return {
        kind: 'huge_numbers',
        body: Buffer.from(`{"message":1e400,"ttl":123456789012345678901234567890}`),
        contentType: 'application/json',
      };
    default:
      return {
        kind: 'valid',
        body: json({ message: `reliability ${r.hex(8)}`, ttl: '1-day' }),
        contentType: 'application/json',
      };
  }
}
