/**
 * Where a new state from the palette goes: onto an edge (inserted between its two ends), into a
 * Parallel branch or a Map processor, after a state, or at the end of the top level. Also used
 * by a click on a palette entry, with the selected state as the target. Pure.
 */

import {
  addState,
  edgeRefOf,
  insertBetween,
  nameForNew,
  parseStatePointer,
  statePointer,
  type Definition,
  type LevelPointer,
  type NewState,
  type StatePointer,
  type StateType,
  type TemplateId,
  TEMPLATES,
} from "../asl/edits";
import type { Graph, GraphEdge } from "../asl/types";
import { KNOWN_TYPES, isObject } from "../asl/types";

export type DropTarget =
  { kind: "edge"; id: string } | { kind: "node"; id: string } | { kind: "canvas" };

export interface Placed {
  definition: Definition;
  /** The new state, to select. */
  pointer: StatePointer;
}

/** `"Pass"` or `"template:http"` (the palette's data-palette values) -> what to add. */
export function paletteSpec(id: string): NewState | undefined {
  if (id.startsWith("template:")) {
    const template = id.slice("template:".length) as TemplateId;
    return TEMPLATES.includes(template) ? { type: "Task", template } : undefined;
  }
  return (KNOWN_TYPES as readonly string[]).includes(id) ? { type: id as StateType } : undefined;
}

export function placeState(
  def: Definition,
  graph: Graph,
  spec: NewState,
  target: DropTarget,
): Placed | undefined {
  if (target.kind === "edge") {
    const edge = graph.edges.find((candidate) => candidate.id === target.id);
    return edge ? onEdge(def, edge, spec) : undefined;
  }
  if (target.kind === "node") return onNode(def, graph, target.id, spec);
  return inLevel(def, "", spec);
}

function onEdge(def: Definition, edge: GraphEdge, spec: NewState): Placed | undefined {
  const ref = edgeRefOf(edge);
  const level = ref.edge.kind === "start" ? ref.from : parseStatePointer(ref.from)?.level;
  if (level === undefined) return undefined;
  const name = nameForNew(def, spec);
  const to = edge.kind === "end" ? undefined : edge.target;
  const definition = insertBetween(def, { ...ref, to }, { ...spec, name });
  return definition === def ? undefined : { definition, pointer: statePointer(level, name) };
}

function onNode(def: Definition, graph: Graph, id: string, spec: NewState): Placed | undefined {
  const node = graph.nodes.find((candidate) => candidate.id === id);
  if (!node) return undefined;
  if (node.kind === "branch") return inLevel(def, node.id, spec);
  if (node.kind === "start" || node.kind === "end") {
    const outgoing = graph.edges.find((edge) => edge.source === node.id);
    return outgoing ? onEdge(def, outgoing, spec) : inLevel(def, levelOfMarker(node.id), spec);
  }
  if (node.type === "Map") {
    const processor = isObject(node.state?.Iterator) ? "Iterator" : "ItemProcessor";
    return inLevel(def, `${node.id}/${processor}`, spec);
  }
  const after = graph.edges.find(
    (edge) => edge.source === node.id && (edge.kind === "next" || edge.kind === "end"),
  );
  if (after) return onEdge(def, after, spec);
  const level = parseStatePointer(node.id)?.level;
  return level === undefined ? undefined : inLevel(def, level, spec, node.id);
}

function levelOfMarker(id: string): LevelPointer {
  return id.slice(id.indexOf(":") + 1);
}

function inLevel(
  def: Definition,
  level: LevelPointer,
  spec: NewState,
  after?: StatePointer,
): Placed | undefined {
  const name = nameForNew(def, spec);
  const definition = addState(def, { ...spec, name, level, after });
  return definition === def ? undefined : { definition, pointer: statePointer(level, name) };
}
