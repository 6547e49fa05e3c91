/**
 * What both layout paths share (the main thread's elk.ts and the worker's elkWorker.ts): a Graph
 * as ELK's JSON graph, and ELK's answer as a Layout. Pure, imports no ELK code.
 */

import type { ElkExtendedEdge, ElkNode, LayoutOptions } from "elkjs/lib/elk-api";
import type { Graph, GraphEdge, GraphNode } from "../asl/types";
import {
  BRANCH_HEADER,
  CONTAINER_HEADER,
  containerMinimum,
  edgeLabelSize,
  leafSize,
} from "./sizes";

export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  width: number;
  height: number;
}

export interface EdgeRoute {
  /** Absolute points from source to target (flow coordinates). */
  points: Point[];
  /** Absolute box of the label, when the edge has one. */
  label?: Box;
}

export interface Layout {
  /** Node boxes relative to their parent container (what React Flow expects for child nodes). */
  nodes: Map<string, Box>;
  edges: Map<string, EdgeRoute>;
}

/** Options of every level (the top, each container): ELK does not inherit them into children. */
const LEVEL_OPTIONS: LayoutOptions = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.spacing.nodeNodeBetweenLayers": "44",
  "elk.layered.spacing.edgeNodeBetweenLayers": "20",
  "elk.spacing.nodeNode": "32",
  "elk.spacing.edgeNode": "18",
  "elk.spacing.edgeEdge": "16",
  "elk.spacing.edgeLabel": "2",
  "elk.edgeLabels.placement": "CENTER",
  "elk.layered.edgeLabels.sideSelection": "ALWAYS_DOWN",
};

/**
 * Each container is laid out on its own, inside out (SEPARATE_CHILDREN): every edge joins two
 * states of one level, so nothing crosses a container's border and the smaller problems are faster.
 */
const ROOT_OPTIONS: LayoutOptions = {
  ...LEVEL_OPTIONS,
  "elk.hierarchyHandling": "SEPARATE_CHILDREN",
  "elk.json.edgeCoords": "ROOT",
  "elk.padding": "[top=24,left=24,bottom=24,right=24]",
};

/** The ELK graph of a Graph: containers hold their children, each edge sits in its level. */
export function toElkGraph(graph: Graph): ElkNode {
  const root: ElkNode = { id: "root", layoutOptions: ROOT_OPTIONS, children: [], edges: [] };
  const elkNodes = new Map<string, ElkNode>();
  for (const node of graph.nodes) {
    const elkNode = toElkNode(node);
    elkNodes.set(node.id, elkNode);
    const parent = (node.parent && elkNodes.get(node.parent)) || root;
    (parent.children ??= []).push(elkNode);
  }
  const parentOf = new Map(graph.nodes.map((node) => [node.id, node.parent]));
  for (const edge of graph.edges) {
    const parentId = parentOf.get(edge.source);
    const parent = (parentId && elkNodes.get(parentId)) || root;
    (parent.edges ??= []).push(toElkEdge(edge));
  }
  return root;
}

function toElkNode(node: GraphNode): ElkNode {
  if (!node.isContainer) return { id: node.id, ...leafSize(node) };
  const top = node.kind === "branch" ? BRANCH_HEADER : CONTAINER_HEADER;
  const minimum = containerMinimum(node);
  return {
    id: node.id,
    children: [],
    edges: [],
    layoutOptions: {
      ...LEVEL_OPTIONS,
      ...(node.kind === "branch" ? { "elk.alignment": "TOP" } : {}),
      // A Parallel's branches are unconnected: keep them in one row, in order, not packed.
      ...(node.type === "Parallel" ? { "elk.separateConnectedComponents": "false" } : {}),
      "elk.padding": `[top=${top},left=18,bottom=18,right=18]`,
      "elk.nodeSize.constraints": "MINIMUM_SIZE",
      "elk.contentAlignment": "H_CENTER V_TOP",
      "elk.nodeSize.minimum": `(${minimum.width}, ${minimum.height})`,
    },
  };
}

function toElkEdge(edge: GraphEdge): ElkExtendedEdge {
  const labels = edge.label ? [{ text: edge.label, ...edgeLabelSize(edge.label) }] : undefined;
  return { id: edge.id, sources: [edge.source], targets: [edge.target], labels };
}

/** ELK's laid-out graph as boxes (relative to their parent) and absolute edge routes. */
export function readLayout(root: ElkNode): Layout {
  const layout: Layout = { nodes: new Map(), edges: new Map() };
  const visit = (node: ElkNode): void => {
    for (const child of node.children ?? []) {
      layout.nodes.set(child.id, boxOf(child));
      visit(child);
    }
    for (const edge of node.edges ?? []) layout.edges.set(edge.id, routeOf(edge));
  };
  visit(root);
  return layout;
}

function boxOf(shape: { x?: number; y?: number; width?: number; height?: number }): Box {
  return { x: shape.x ?? 0, y: shape.y ?? 0, width: shape.width ?? 0, height: shape.height ?? 0 };
}

function routeOf(edge: ElkExtendedEdge): EdgeRoute {
  const points = (edge.sections ?? []).flatMap((section) => [
    section.startPoint,
    ...(section.bendPoints ?? []),
    section.endPoint,
  ]);
  const label = edge.labels?.[0];
  return { points, label: label ? boxOf(label) : undefined };
}
