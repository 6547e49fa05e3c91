/** Shapes shared by the pure ASL modules: a loosely typed definition and the derived graph. */

/** Any JSON object; definitions are read defensively because the viewer must draw whatever it is given. */
export type JsonObject = Record<string, unknown>;

/** The ASL state types with a style of their own; anything else is drawn with the generic style. */
export const KNOWN_TYPES = [
  "Task",
  "Pass",
  "Choice",
  "Wait",
  "Succeed",
  "Fail",
  "Parallel",
  "Map",
] as const;

export type KnownType = (typeof KNOWN_TYPES)[number];

/** "state": a state (containers included); "branch": one Parallel branch; "start"/"end": markers. */
export type NodeKind = "state" | "branch" | "start" | "end";

export type EdgeKind = "start" | "next" | "choice" | "default" | "catch" | "end";

export interface GraphNode {
  /** JSON pointer of the state (or branch) object; markers use `start:<level>` / `end:<level>`. */
  id: string;
  kind: NodeKind;
  /** Id of the enclosing container node (a Parallel branch or a Map), absent at the top level. */
  parent?: string;
  /** State name, or "Branch 1" for a branch, or "Start"/"End" for markers. */
  label: string;
  /** The ASL `Type` as written ("" when missing or not a string). */
  type: string;
  summary: string;
  /** True for Parallel, Map and branch nodes: they hold child nodes. */
  isContainer: boolean;
  /** The state object itself (for the details panel); absent for markers and branches. */
  state?: JsonObject;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** Full label text ("" for none); the canvas truncates and keeps the full text as a title. */
  label: string;
}

export interface Graph {
  /** Parents always come before their children. */
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export type DiffMark = "added" | "removed" | "changed";

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
