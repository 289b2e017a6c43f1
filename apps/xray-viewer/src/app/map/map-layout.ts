import { Graph, layout } from '@dagrejs/dagre';
import type { MapEdge, MapNode, ServiceMap } from '@cruddur/service-map';

/** Room for a node's ring, the two lines inside it and its name underneath. */
export const NODE_WIDTH = 170;
export const NODE_HEIGHT = 130;
/** The ring sits above the box's centre, leaving room for the name below it. */
export const RING_RADIUS = 38;
export const RING_OFFSET_Y = -16;
/** Gap between a ring and the end of an edge (room for the arrowhead to show). */
const EDGE_GAP = 6;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedNode {
  readonly node: MapNode;
  /** Centre of the node's box. */
  readonly x: number;
  readonly y: number;
}

export interface PlacedEdge {
  readonly edge: MapEdge;
  readonly points: readonly Point[];
}

export interface MapLayout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly width: number;
  readonly height: number;
}

/**
 * Dagre ends edges on the node's box; the node is drawn as a ring inside that box, so the ends are
 * moved onto the ring, pointing at its centre from the next point along the edge.
 */
function clipToRing(end: Point, next: Point): Point {
  const centre = { x: end.x, y: end.y };
  const dx = next.x - centre.x;
  const dy = next.y - centre.y;
  const length = Math.hypot(dx, dy) || 1;
  const reach = RING_RADIUS + EDGE_GAP;
  return { x: centre.x + (dx / length) * reach, y: centre.y + (dy / length) * reach };
}

function edgePoints(points: readonly Point[], from: Point, to: Point): Point[] {
  // Everything moves up with the rings, so a straight edge stays straight.
  const inner = points.slice(1, -1).map((point) => ({ x: point.x, y: point.y + RING_OFFSET_Y }));
  const source = { x: from.x, y: from.y + RING_OFFSET_Y };
  const target = { x: to.x, y: to.y + RING_OFFSET_Y };
  return [clipToRing(source, inner[0] ?? target), ...inner, clipToRing(target, inner[inner.length - 1] ?? source)];
}

/**
 * Positions the map left to right (callers before callees) with dagre's layered layout, which
 * also routes edges around nodes. Ids are the API's ReferenceIds, never names.
 */
export function layoutServiceMap(map: ServiceMap): MapLayout {
  const graph = new Graph({ multigraph: false });
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 110, edgesep: 20, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of map.nodes) graph.setNode(String(node.id), { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of map.edges) graph.setEdge(String(edge.from), String(edge.to));
  layout(graph);
  const label = graph.graph();
  return {
    nodes: map.nodes.map((node) => {
      const { x, y } = graph.node(String(node.id));
      return { node, x, y };
    }),
    edges: map.edges.map((edge) => ({
      edge,
      points: edgePoints(
        graph.edge(String(edge.from), String(edge.to)).points ?? [],
        graph.node(String(edge.from)),
        graph.node(String(edge.to)),
      ),
    })),
    width: label.width ?? 0,
    height: label.height ?? 0,
  };
}
