/** The pages, addressed by the URL hash so the daemon only ever serves index.html at `/`. */
export type Route =
  | { readonly page: 'map' }
  | { readonly page: 'traces'; readonly filter: string }
  | { readonly page: 'trace'; readonly traceId: string };

/** Reads `#/map`, `#/traces?filter=...`, `#/trace/<id>`; anything else is the map. */
export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?', 2);
  if (path === '/traces') return { page: 'traces', filter: new URLSearchParams(query).get('filter') ?? '' };
  const trace = /^\/trace\/([^/]+)$/.exec(path);
  if (trace !== null) return { page: 'trace', traceId: decodeURIComponent(trace[1]) };
  return { page: 'map' };
}

export function routeHash(route: Route): string {
  switch (route.page) {
    case 'map':
      return '#/map';
    case 'traces':
      return route.filter === '' ? '#/traces' : `#/traces?${new URLSearchParams({ filter: route.filter })}`;
    case 'trace':
      return `#/trace/${encodeURIComponent(route.traceId)}`;
  }
}
