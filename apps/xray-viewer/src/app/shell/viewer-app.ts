import { XRayApi } from '../api/xray-api';
import { el } from '../dom/element';
import { mapPage } from '../map/map-page';
import { tracePage } from '../trace/trace-page';
import { tracesPage } from '../traces/traces-page';
import type { Page } from './page';
import { parseRoute, type Route, routeHash } from './route';
import { ViewerState } from './viewer-state';

/** The page shell (header, navigation) and the hash router that swaps pages. */
export function startViewer(root: HTMLElement): void {
  const api = new XRayApi();
  const state = new ViewerState(Date.now() / 1000);
  const mapLink = el('a', { href: routeHash({ page: 'map' }) }, 'Service map');
  const tracesLink = el('a', { href: routeHash({ page: 'traces', filter: '' }) }, 'Traces');
  const main = el('main', { id: 'main' });
  root.replaceChildren(
    el(
      'header',
      { class: 'app-header' },
      el('span', { class: 'brand' }, 'X-Ray', el('span', { class: 'brand-sub' }, ' local')),
      el('nav', {}, mapLink, tracesLink),
    ),
    main,
  );

  let current: Page | undefined;
  const open = (route: Route) => {
    current?.destroy();
    switch (route.page) {
      case 'map':
        current = mapPage(api, state);
        break;
      case 'traces':
        // The filter goes into the address (shareable, survives reload) without re-rendering.
        current = tracesPage(api, state, route.filter, (filter) =>
          history.replaceState(null, '', routeHash({ page: 'traces', filter })),
        );
        break;
      case 'trace':
        current = tracePage(api, route.traceId);
        break;
    }
    mapLink.classList.toggle('active', route.page === 'map');
    tracesLink.classList.toggle('active', route.page !== 'map');
    main.replaceChildren(current.element);
  };
  window.addEventListener('hashchange', () => open(parseRoute(location.hash)));
  open(parseRoute(location.hash));
}
