import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { invalidRequest } from './xray-api-error';

/**
 * Opaque NextToken paging for the list APIs (GetGroups, GetSamplingRules, ...).
 *
 * A token is `base64url(JSON {scope, after}) "." base64url(HMAC-SHA256)`. `after` is the sort key
 * of the last item returned, so paging stays stable when items are added or deleted between
 * calls. The HMAC key is random per process: a forged, edited or foreign token (another
 * operation's, or one from before a restart) is rejected as InvalidRequestException, the way
 * AWS rejects expired tokens, instead of being trusted or crashing the parser.
 */
const KEY = randomBytes(32);
/** Tokens are small; anything longer is garbage and is refused before any decoding work. */
const MAX_TOKEN_LENGTH = 2000;

export interface ResultPage<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

function sign(payload: string): Buffer {
  return createHmac('sha256', KEY).update(payload).digest();
}

export function encodeNextToken(scope: string, after: string): string {
  const payload = Buffer.from(JSON.stringify({ scope, after })).toString('base64url');
  return `${payload}.${sign(payload).toString('base64url')}`;
}

/** Returns the sort key to continue after; throws InvalidRequestException for any bad token. */
export function decodeNextToken(scope: string, token: unknown): string {
  const invalid = invalidRequest('Invalid NextToken');
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw invalid;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw invalid;
  const expected = sign(payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid;
  // Signed by this process, so the payload is our own JSON; the checks below are belt and braces.
  const decoded: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (typeof decoded !== 'object' || decoded === null) throw invalid;
  const { scope: tokenScope, after } = decoded as Record<string, unknown>;
  if (tokenScope !== scope || typeof after !== 'string') throw invalid;
  return after;
}

/**
 * One page of `items` (already sorted by `keyOf`, keys unique) after the item named by
 * `nextToken`, with a token for the following page when more remain.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  scope: string,
  nextToken: string | undefined,
  pageSize: number,
): ResultPage<T> {
  let start = 0;
  if (nextToken !== undefined) {
    const after = decodeNextToken(scope, nextToken);
    start = items.findIndex((item) => keyOf(item) > after);
    if (start === -1) start = items.length;
  }
  const pageItems = items.slice(start, start + pageSize);
  const more = start + pageSize < items.length;
  return more
    ? { items: pageItems, nextToken: encodeNextToken(scope, keyOf(pageItems[pageItems.length - 1])) }
    : { items: pageItems };
}
