import { type MapStatistics, formatDuration, type MapEdge, type MapNode } from '@cruddur/service-map';
import { svg } from '../dom/element';
import { type MapLayout, type Point, RING_OFFSET_Y, RING_RADIUS } from './map-layout';
import { outcomeRing } from './outcome-ring';

export type MapSelection =
  { readonly kind: 'node'; readonly node: MapNode } | { readonly kind: 'edge'; readonly edge: MapEdge };

export interface MapOptions {
  readonly onSelect: (selection: MapSelection) => void;
  /** The second line inside a node's ring: traces per minute on the map, call counts for one trace. */
  readonly nodeMetric: (stats: MapStatistics) => string;
}

const NAME_LIMIT = 24;
const HEALTHS = ['ok', 'error', 'throttle', 'fault', 'idle'] as const;

function shortName(name: string): string {
  return name.length <= NAME_LIMIT ? name : `${name.slice(0, NAME_LIMIT - 1)}…`;
}

function coordinates(point: Point): string {
  return `${point.x.toFixed(1)} ${point.y.toFixed(1)}`;
}

/** A smooth path through dagre's bend points: quadratic curves with the bends as control points. */
function pathThrough(points: readonly Point[]): string {
  if (points.length < 3)
    return points.map((point, index) => `${index === 0 ? 'M' : 'L'} ${coordinates(point)}`).join(' ');
  const parts = [`M ${coordinates(points[0])}`];
  for (let i = 1; i < points.length - 1; i++) {
    const next =
      i === points.length - 2
        ? points[i + 1]
        : { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
    parts.push(`Q ${coordinates(points[i])} ${coordinates(next)}`);
  }
  return parts.join(' ');
}

function arrowMarkers(): SVGDefsElement {
  return svg(
    'defs',
    {},
    ...HEALTHS.map((health) =>
      svg(
        'marker',
        {
          id: `arrow-${health}`,
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto-start-reverse',
          class: `arrow health-${health}`,
        },
        svg('path', { d: 'M 0 0 L 10 5 L 0 10 z' }),
      ),
    ),
  );
}

function activateOn(element: SVGElement, action: () => void): void {
  element.addEventListener('click', action);
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      action();
    }
  });
}

function nodeGroup(node: MapNode, x: number, y: number, options: MapOptions): SVGGElement {
  const arcs = outcomeRing(node.stats.shares, RING_RADIUS);
  const ring =
    arcs.length === 0
      ? [svg('circle', { r: RING_RADIUS, class: 'ring ring-idle' })]
      : arcs.map((arc) => svg('path', { d: arc.path, class: `ring ring-${arc.outcome}` }));
  const kindLabel =
    node.kind === 'service'
      ? node.type
      : node.kind === 'inferred'
        ? `inferred${node.type === undefined ? '' : ` · ${node.type}`}`
        : undefined;
  const group = svg(
    'g',
    {
      class: `map-node kind-${node.kind} health-${node.health}`,
      transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})`,
      tabindex: 0,
      role: 'button',
      'data-node': node.name,
    },
    svg('title', {}, `${node.name} — ${node.stats.total} calls`),
    svg(
      'g',
      { transform: `translate(0 ${RING_OFFSET_Y})` },
      svg('circle', { r: RING_RADIUS, class: 'node-face' }),
      ...ring,
      svg('text', { y: -3, class: 'node-metric' }, formatDuration(node.stats.averageResponseTime)),
      svg('text', { y: 13, class: 'node-metric-sub' }, options.nodeMetric(node.stats)),
    ),
    svg('text', { y: RING_OFFSET_Y + RING_RADIUS + 22, class: 'node-name' }, shortName(node.name)),
    kindLabel === undefined
      ? undefined
      : svg('text', { y: RING_OFFSET_Y + RING_RADIUS + 38, class: 'node-kind' }, shortName(kindLabel)),
  );
  activateOn(group, () => options.onSelect({ kind: 'node', node }));
  return group;
}

function edgeGroup(edge: MapEdge, points: readonly Point[], options: MapOptions): SVGGElement {
  const d = pathThrough(points);
  const group = svg(
    'g',
    {
      class: `map-edge health-${edge.health}`,
      tabindex: 0,
      role: 'button',
      'data-edge': `${edge.fromName} -> ${edge.toName}`,
    },
    svg(
      'title',
      {},
      `${edge.fromName} → ${edge.toName}: ${edge.stats.total} calls, avg ${formatDuration(edge.stats.averageResponseTime)}`,
    ),
    svg('path', { d, class: 'edge-line', 'marker-end': `url(#arrow-${edge.health})` }),
    // A wide invisible stroke so a thin edge is easy to click.
    svg('path', { d, class: 'edge-hit' }),
  );
  activateOn(group, () => options.onSelect({ kind: 'edge', edge }));
  return group;
}

/** The laid-out map as SVG: edges under nodes, every label a text node. */
export function serviceMapSvg(layout: MapLayout, options: MapOptions): SVGSVGElement {
  return svg(
    'svg',
    { class: 'service-map', role: 'img', 'aria-label': 'Service map', preserveAspectRatio: 'xMidYMid meet' },
    arrowMarkers(),
    svg('g', { class: 'edges' }, ...layout.edges.map((placed) => edgeGroup(placed.edge, placed.points, options))),
    svg('g', { class: 'nodes' }, ...layout.nodes.map((placed) => nodeGroup(placed.node, placed.x, placed.y, options))),
  );
}
