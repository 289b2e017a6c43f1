import { decodeNextToken, encodeNextToken, paginate } from './next-token';
import { XRayApiError } from './xray-api-error';

function expectInvalid(token: unknown): void {
  try {
    decodeNextToken('groups', token);
  } catch (error) {
    expect(error).toBeInstanceOf(XRayApiError);
    expect((error as XRayApiError).type).toBe('InvalidRequestException');
    expect((error as XRayApiError).status).toBe(400);
    return;
  }
  throw new Error(`token accepted: ${String(token)}`);
}

describe('NextToken', () => {
  it('round-trips within its scope', () => {
    expect(decodeNextToken('groups', encodeNextToken('groups', 'b'))).toBe('b');
  });

  it('rejects tokens of another scope', () => {
    expectInvalid(encodeNextToken('rules', 'b'));
  });

  it('rejects forged, edited and garbage tokens with InvalidRequestException', () => {
    const token = encodeNextToken('groups', 'b');
    const [payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ scope: 'groups', after: 'a' })).toString('base64url');
    for (const bad of [
      `${forgedPayload}.${signature}`,
      `${payload}.${signature.slice(1)}`,
      `${payload}`,
      `${payload}.${signature}.x`,
      '',
      '.',
      'garbage',
      '%%%.%%%',
      'a'.repeat(5000),
      42,
      null,
      { after: 'a' },
    ]) {
      expectInvalid(bad);
    }
  });

  it('pages through sorted items and is stable under deletes', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const first = paginate(names, (n) => n, 'groups', undefined, 2);
    expect(first.items).toEqual(['a', 'b']);
    const withoutC = names.filter((n) => n !== 'c');
    const second = paginate(withoutC, (n) => n, 'groups', first.nextToken, 2);
    expect(second.items).toEqual(['d', 'e']);
    expect(second.nextToken).toBeUndefined();
  });

  it('returns an empty last page when the cursor is past the end', () => {
    const token = encodeNextToken('groups', 'z');
    expect(paginate(['a'], (n) => n, 'groups', token, 2)).toEqual({ items: [] });
  });
});
