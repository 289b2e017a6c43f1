import { buildServiceMap, callCount, formatDuration } from '@cruddur/service-map';
import type { XRayApi } from '../api/xray-api';
import { el } from '../dom/element';
import { layoutServiceMap } from '../map/map-layout';
import { PanZoom } from '../map/pan-zoom';
import { selectionDetails } from '../map/selection-details';
import { serviceMapSvg } from '../map/service-map-svg';
import { errorBanner } from '../shell/error-banner';
import type { Page } from '../shell/page';
import { routeHash } from '../shell/route';
import { entityDetails } from './entity-details';
import { buildWaterfall, traceDocuments, type Waterfall, type WaterfallRow } from './waterfall';
import { waterfallView } from './waterfall-view';

/** One trace: its timeline across services, the selected entity's details, and its own map. */
export function tracePage(api: XRayApi, traceId: string): Page {
  const content = el('div', { class: 'trace-content' }, el('p', { class: 'muted' }, 'Loading…'));
  const element = el(
    'div',
    { class: 'page trace-page' },
    el(
      'div',
      { class: 'toolbar' },
      el('a', { href: routeHash({ page: 'traces', filter: '' }) }, '← Traces'),
      el('h1', { class: 'mono' }, traceId),
    ),
    content,
  );
  let live = true;

  const show = (waterfall: Waterfall) => {
    const details = el('aside', { class: 'side-panel' });
    const select = (row: WaterfallRow) => {
      details.replaceChildren(entityDetails(row));
      content.querySelectorAll('.waterfall-row.selected').forEach((selected) => selected.classList.remove('selected'));
      content.querySelector(`[data-row-id="${CSS.escape(row.id)}"]`)?.classList.add('selected');
    };
    const mapBox = el('div', { class: 'trace-map' });
    content.replaceChildren(
      el(
        'div',
        { class: 'trace-summary' },
        el('span', {}, `Duration ${formatDuration(waterfall.duration)}`),
        el('span', {}, `${waterfall.rows.length} segments and subsegments`),
        el('span', {}, `Started ${new Date(waterfall.startTime * 1000).toLocaleString()}`),
        waterfall.incomplete
          ? el(
              'span',
              { class: 'badge incomplete', role: 'status' },
              '⚠ Incomplete trace: some downstream segments never arrived',
            )
          : undefined,
      ),
      el(
        'div',
        { class: 'trace-layout' },
        el(
          'div',
          { class: 'trace-main' },
          waterfallView(waterfall, select),
          el('h2', {}, 'Services in this trace'),
          mapBox,
        ),
        details,
      ),
    );
    if (waterfall.rows.length > 0) select(waterfall.rows[0]);
    void api.traceGraph(traceId).then(
      (graph) => {
        if (!live) return;
        const map = buildServiceMap({
          StartTime: waterfall.startTime,
          EndTime: waterfall.startTime + Math.max(waterfall.duration, 1),
          Services: graph.Services,
        });
        const layout = layoutServiceMap(map);
        const svgElement = serviceMapSvg(layout, {
          onSelect: (selection) => details.replaceChildren(selectionDetails(selection)),
          nodeMetric: (stats) => callCount(stats.total),
        });
        mapBox.replaceChildren(svgElement);
        new PanZoom(svgElement, layout).fit();
      },
      (error: unknown) => mapBox.replaceChildren(errorBanner(error)),
    );
  };

  // Which calls miss their downstream segment depends on which callees send segments at all.
  Promise.all([api.trace(traceId), api.segmentSenders()]).then(
    ([trace, senders]) => {
      if (!live) return;
      if (trace === undefined)
        content.replaceChildren(
          el('div', { class: 'banner error' }, 'No such trace (it may have expired from the daemon).'),
        );
      else show(buildWaterfall(traceDocuments(trace), senders));
    },
    (error: unknown) => {
      if (live) content.replaceChildren(errorBanner(error));
    },
  );
  return { element, destroy: () => void (live = false) };
}
