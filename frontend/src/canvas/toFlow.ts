/** Graph + layout (+ diff marks) -> React Flow nodes and edges. Pure; no React import. */

import type { DiffMark, Graph, GraphEdge, GraphNode } from "../asl/types";
import type { Box, Layout } from "../layout/elk";
import type { FlowEdge, FlowNode } from "./types";

type Marks = ReadonlyMap<string, DiffMark>;

export function toFlow(
  graph: Graph,
  layout: Layout,
  marks: Marks = new Map(),
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  return {
    nodes: graph.nodes.map((node) =>
      toFlowNode(node, layout.nodes.get(node.id), marks.get(node.id)),
    ),
    edges: graph.edges.flatMap((edge) => toFlowEdge(edge, layout)),
  };
}

function toFlowNode(node: GraphNode, box: Box | undefined, diff: DiffMark | undefined): FlowNode {
  const frame = box ?? { x: 0, y: 0, width: 0, height: 0 };
  const common = {
    id: node.id,
    parentId: node.parent,
    position: { x: frame.x, y: frame.y },
    width: frame.width,
    height: frame.height,
    draggable: false,
    connectable: false,
  };
  if (node.kind !== "state") {
    const type = node.kind;
    return {
      ...common,
      type,
      data: { label: node.label },
      selectable: false,
      focusable: false,
    } as FlowNode;
  }
  return {
    ...common,
    type: node.isContainer ? "container" : "state",
    data: {
      name: node.label,
      type: node.type,
      summary: node.summary,
      diff,
      state: node.state ?? {},
    },
    ariaLabel: ariaLabel(node, diff),
    domAttributes: stateAttributes(node, diff),
  };
}

/** The attributes tests and the Django pages find states by; only state nodes carry data-state. */
function stateAttributes(node: GraphNode, diff: DiffMark | undefined): FlowNode["domAttributes"] {
  const attributes: Record<string, string> = { "data-state": node.label, "data-type": node.type };
  if (diff) attributes["data-diff"] = diff;
  return attributes as FlowNode["domAttributes"];
}

function ariaLabel(node: GraphNode, diff: DiffMark | undefined): string {
  const type = node.type ? `${node.type} state` : "state of unknown type";
  return [node.label, type, node.summary, diff].filter(Boolean).join(", ");
}

function toFlowEdge(edge: GraphEdge, layout: Layout): FlowEdge[] {
  const route = layout.edges.get(edge.id);
  if (!route || route.points.length < 2) return [];
  return [
    {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: "route",
      selectable: false,
      focusable: false,
      data: { kind: edge.kind, label: edge.label, points: route.points, labelBox: route.label },
      ariaLabel: edge.label || undefined,
    },
  ];
}
