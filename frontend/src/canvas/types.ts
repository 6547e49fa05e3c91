/** The React Flow node and edge types of the canvas, with the data each carries. */

import type { Edge, Node } from "@xyflow/react";
import type { ReactNode } from "react";
import type { DiffMark, EdgeKind, JsonObject } from "../asl/types";
import type { Box, Point } from "../layout/elk";

export interface StateData extends Record<string, unknown> {
  name: string;
  type: string;
  summary: string;
  diff?: DiffMark;
  state: JsonObject;
  /** On the live execution page: what the state is doing (canvas/nodes/LiveBadge.tsx). */
  live?: LiveMark;
}

export interface LiveMark {
  status: string;
  /** The status in words ("succeeded", "retrying"). */
  label: string;
  /** A second line: "attempt 2 of 4, next try in about" (+ a countdown to `until`). */
  detail?: string;
  until?: number;
  /** A Map's iterations. */
  progress?: { done: number; total: number; running: number; succeeded: number; failed: number };
  /** A Parallel's branches, in order. */
  branches?: string[];
  /** A sub-workflow's child executions (links). */
  children?: string[];
  /** More the page draws on the node (the live page's approval badge). */
  extra?: ReactNode;
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
