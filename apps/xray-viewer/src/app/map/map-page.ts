import { buildServiceMap, formatRate, type ServiceMap } from '@cruddur/service-map';
import type { XRayApi } from '../api/xray-api';
import { el } from '../dom/element';
import { errorBanner } from '../shell/error-banner';
import type { Page } from '../shell/page';
import { rangePicker } from '../shell/range-picker';
import { windowOf } from '../shell/time-range';
import type { ViewerState } from '../shell/viewer-state';
import { layoutServiceMap } from './map-layout';
import { PanZoom } from './pan-zoom';
import { selectionDetails } from './selection-details';
import { type MapSelection, serviceMapSvg } from './service-map-svg';

const LIVE_REFRESH_MS = 5000;

/** Identifies a selection across refreshes (reference ids may change, names do not). */
function selectionKey(selection: MapSelection): string {
  return selection.kind === 'node'
    ? `node:${selection.node.name}`
    : `edge:${selection.edge.fromName}\u0000${selection.edge.toName}`;
}

function findSelection(map: ServiceMap, key: string): MapSelection | undefined {
  const node = map.nodes.find((candidate) => `node:${candidate.name}` === key);
  if (node !== undefined) return { kind: 'node', node };
  const edge = map.edges.find((candidate) => `edge:${candidate.fromName}\u0000${candidate.toName}` === key);
  return edge === undefined ? undefined : { kind: 'edge', edge };
}

/**
 * The service map: toolbar (range, group, live refresh, fit), the laid-out graph, and the panel
 * of whatever was clicked. Live mode re-reads the graph every few seconds and keeps the selection.
 * The layout is redone only when the set of nodes and edges changes, so the view does not jump.
 */
export function mapPage(api: XRayApi, state: ViewerState): Page {
  const canvas = el('div', { class: 'map-canvas' });
  const panel = el(
    'aside',
    { class: 'side-panel' },
    el('p', { class: 'muted' }, 'Click a service or a call to see its statistics.'),
  );
  const status = el('span', { class: 'status muted', 'aria-live': 'polite' });
  const groupSelect = el('select', { 'aria-label': 'Group', name: 'group' }, el('option', { value: '' }, 'All traces'));
  const live = el('input', { type: 'checkbox', checked: state.live });
  const fitButton = el('button', { type: 'button' }, 'Fit');
  const zoomIn = el('button', { type: 'button', 'aria-label': 'Zoom in' }, '+');
  const zoomOut = el('button', { type: 'button', 'aria-label': 'Zoom out' }, '−');
  let panZoom: PanZoom | undefined;
  let shape = '';
  let selected: string | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let generation = 0;

  const select = (selection: MapSelection) => {
    selected = selectionKey(selection);
    panel.replaceChildren(selectionDetails(selection));
    canvas.querySelectorAll('.selected').forEach((element) => element.classList.remove('selected'));
    const attribute =
      selection.kind === 'node'
        ? `[data-node="${CSS.escape(selection.node.name)}"]`
        : `[data-edge="${CSS.escape(`${selection.edge.fromName} -> ${selection.edge.toName}`)}"]`;
    canvas.querySelector(attribute)?.classList.add('selected');
  };

  const draw = (map: ServiceMap) => {
    if (map.nodes.length === 0) {
      shape = '';
      panZoom = undefined;
      canvas.replaceChildren(
        el(
          'div',
          { class: 'empty' },
          el('p', {}, 'No traces in this time range.'),
          el('p', { class: 'muted' }, 'Send some traffic: npm run traffic'),
        ),
      );
      return;
    }
    const layout = layoutServiceMap(map);
    const svgElement = serviceMapSvg(layout, { onSelect: select, nodeMetric: (stats) => formatRate(stats.perMinute) });
    const newShape = JSON.stringify([
      map.nodes.map((node) => node.name),
      map.edges.map((edge) => [edge.fromName, edge.toName]),
    ]);
    const previousView = canvas.querySelector('svg')?.getAttribute('viewBox');
    canvas.replaceChildren(svgElement);
    panZoom = new PanZoom(svgElement, layout);
    if (newShape === shape && previousView) svgElement.setAttribute('viewBox', previousView);
    else panZoom.fit();
    shape = newShape;
    const again = selected === undefined ? undefined : findSelection(map, selected);
    if (again !== undefined) select(again);
  };

  const refresh = async () => {
    const mine = ++generation;
    const window = windowOf(state.range, Date.now() / 1000);
    try {
      const graph = await api.serviceGraph(window, state.groupName);
      if (mine !== generation) return;
      draw(buildServiceMap(graph));
      status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      if (mine !== generation) return;
      canvas.replaceChildren(errorBanner(error));
      status.textContent = '';
    }
  };

  const schedule = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = state.live && state.range.key !== 'custom' ? setInterval(() => void refresh(), LIVE_REFRESH_MS) : undefined;
  };

  api.groups().then(
    (groups) => {
      for (const group of groups)
        groupSelect.append(
          el('option', { value: group.GroupName, selected: group.GroupName === state.groupName }, group.GroupName),
        );
    },
    () => undefined, // The map still works without the list; the banner of refresh() reports a dead daemon.
  );
  groupSelect.addEventListener('change', () => {
    state.groupName = groupSelect.value === '' ? undefined : groupSelect.value;
    void refresh();
  });
  live.addEventListener('change', () => {
    state.live = live.checked;
    schedule();
  });
  fitButton.addEventListener('click', () => panZoom?.fit());
  zoomIn.addEventListener('click', () => panZoom?.zoomBy(0.8));
  zoomOut.addEventListener('click', () => panZoom?.zoomBy(1.25));

  const toolbar = el(
    'div',
    { class: 'toolbar' },
    rangePicker(state, () => {
      schedule();
      void refresh();
    }),
    groupSelect,
    el('label', { class: 'toggle' }, live, ' Live'),
    el('span', { class: 'button-group' }, zoomOut, fitButton, zoomIn),
    status,
  );
  const element = el('div', { class: 'page map-page' }, toolbar, el('div', { class: 'map-layout' }, canvas, panel));
  void refresh();
  schedule();
  return {
    element,
    destroy: () => {
      generation++;
      if (timer !== undefined) clearInterval(timer);
    },
  };
}
