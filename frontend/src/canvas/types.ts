/** The React Flow node and edge types of the canvas, with the data each carries. */

import type { Edge, Node } from "@xyflow/react";
import type { DiffMark, EdgeKind, JsonObject } from "../asl/types";
import type { Box, Point } from "../layout/elk";

export interface StateData extends Record<string, unknown> {
  name: string;
  type: string;
  summary: string;
  diff?: DiffMark;
  state: JsonObject;
}

export interface LabelData extends Record<string, unknown> {
  label: string;
}

export type StateNodeType = Node<StateData, "state" | "container">;
export type BranchNodeType = Node<LabelData, "branch">;
export type MarkerNodeType = Node<LabelData, "start" | "end">;
export type FlowNode = StateNodeType | BranchNodeType | MarkerNodeType;

export interface RouteData extends Record<string, unknown> {
  kind: EdgeKind;
  label: string;
  points: Point[];
  labelBox?: Box;
}

export type FlowEdge = Edge<RouteData, "route">;
