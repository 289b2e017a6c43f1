const LOOPBACK_HOST_HEADER = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/**
 * DNS-rebinding guard for a daemon bound to loopback: a web page on evil.example can point its
 * own name at 127.0.0.1 and make the browser talk to us, but the browser still sends
 * `Host: evil.example`. Only loopback names pass; a missing Host header does not either.
 */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST_HEADER.test(host);
}
