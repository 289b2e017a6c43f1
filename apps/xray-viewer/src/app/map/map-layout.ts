import { Graph, layout } from '@dagrejs/dagre';
import type { MapEdge, MapNode, ServiceMap } from '@cruddur/service-map';

/** Room for a node's ring, the two lines inside it and its name underneath. */
export const NODE_WIDTH = 170;
export const NODE_HEIGHT = 130;

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
    edges: map.edges.map((edge) => ({ edge, points: (graph.edge(String(edge.from), String(edge.to)).points ?? []).map((point: Point) => ({ x: point.x, y: point.y })) })),
    width: label.width ?? 0,
    height: label.height ?? 0,
  };
}
