/** The node and edge components every canvas draws with, and the minimap's colour per node. */

import type { Node } from "@xyflow/react";
import { RouteEdge } from "./edges/RouteEdge";
import { BranchNode, ContainerNode } from "./nodes/ContainerNode";
import { MarkerNode } from "./nodes/MarkerNode";
import { StateNode } from "./nodes/StateNode";
import { typeClass } from "./nodes/icons";

export const nodeTypes = {
  state: StateNode,
  container: ContainerNode,
  branch: BranchNode,
  start: MarkerNode,
  end: MarkerNode,
};

export const edgeTypes = { route: RouteEdge };

export function isStateNode(node: Node | undefined): boolean {
  return node?.type === "state" || node?.type === "container";
}

export function miniMapClass(node: Node): string {
  const type = (node.data as { type?: string }).type ?? "";
  return isStateNode(node) ? `bt-mini bt-mini--${typeClass(type)}` : "bt-mini bt-mini--frame";
}
