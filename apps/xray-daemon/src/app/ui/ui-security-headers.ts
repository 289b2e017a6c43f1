/**
 * Sent with every UI response. Segment data is attacker-influenced (a URL path ends up in a
 * segment), so besides building the DOM with textContent the page may run only its own script
 * file: no inline script, no eval, nothing from other origins, and it cannot be framed.
 */
export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // The viewer is rebuilt in place; the browser should ask again rather than keep a stale bundle.
  'Cache-Control': 'no-cache',
};
