/** What a built viewer file may be called: plain names in plain folders, nothing else. */
const SAFE_RELATIVE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * The file a UI URL path names, relative to the viewer's directory, or undefined if it is not a
 * plain file name. `/` is index.html. The path is decoded once and then must match a whitelist:
 * no `..` or `.` segments (raw or percent-encoded), no backslashes, NUL, drive letters or leading
 * slashes, no names starting with a dot. Anything doubtful is refused, not repaired.
 */
export function assetPathFor(urlPath: string): string | undefined {
  if (!urlPath.startsWith('/')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const relative = decoded.slice(1);
  if (relative === '') return 'index.html';
  if (relative.length > 200 || !SAFE_RELATIVE_PATH.test(relative)) return undefined;
  if (relative.split('/').some((segment) => /^\.+$/.test(segment))) return undefined;
  return relative;
}
