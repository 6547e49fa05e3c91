/**
 * Drawing and moving edges on the canvas, as edits: a new connection from a handle, an edge's
 * end dragged elsewhere, a selected edge deleted, a state dragged onto another. Pure.
 */

import {
  connect,
  disconnect,
  edgeRefOf,
  locate,
  moveState,
  parseStatePointer,
  reconnect,
  type Definition,
} from "../asl/edits";
import type { Graph, GraphNode } from "../asl/types";

function nodeOf(graph: Graph, id: string): GraphNode | undefined {
  return graph.nodes.find((node) => node.id === id);
}

function levelOfMarker(id: string): string {
  return id.slice(id.indexOf(":") + 1);
}

/** A new edge from `source` (a state or a Start marker) to `target` (a state or an End marker). */
export function connectNodes(
  def: Definition,
  graph: Graph,
  source: string,
  target: string,
): Definition {
  const to = nodeOf(graph, target);
  const from = nodeOf(graph, source);
  if (!to || !from) return def;
  if (from.kind === "start") {
    return to.kind === "state"
      ? connect(def, { from: levelOfMarker(source), edge: { kind: "start" }, to: target })
      : def;
  }
  if (to.kind === "end") return connect(def, { from: source, edge: { kind: "end" } });
  if (to.kind !== "state") return def;
  const state = locate(def, source)?.state;
  if (state?.Type === "Choice") {
    const index = Array.isArray(state.Choices) ? state.Choices.length : 0;
    return connect(def, { from: source, edge: { kind: "choice", index }, to: target });
  }
  return connect(def, { from: source, edge: { kind: "next" }, to: target });
}

/** An edge whose end was dragged from (oldSource, oldTarget) to (source, target). */
export function moveEdge(
  def: Definition,
  graph: Graph,
  edgeId: string,
  source: string,
  target: string,
): Definition {
  const edge = graph.edges.find((candidate) => candidate.id === edgeId);
  const to = nodeOf(graph, target);
  if (!edge || !to) return def;
  const ref = edgeRefOf(edge);
  if (source !== edge.source) {
    return to.kind === "state" ? reconnect(def, ref, { from: source, to: target }) : def;
  }
  if (to.kind === "end") {
    return ref.edge.kind === "next" ? connect(def, { from: ref.from, edge: { kind: "end" } }) : def;
  }
  if (to.kind !== "state") return def;
  if (ref.edge.kind === "end")
    return connect(def, { from: ref.from, edge: { kind: "next" }, to: target });
  return reconnect(def, ref, { to: target });
}

/** Deleting a drawn edge: a rule or catcher goes with it; Next becomes End. */
export function deleteEdge(def: Definition, graph: Graph, edgeId: string): Definition {
  const edge = graph.edges.find((candidate) => candidate.id === edgeId);
  return edge ? disconnect(def, edgeRefOf(edge)) : def;
}

/**
 * A state dropped onto another: it moves right after that state in key order, into that
 * state's level (a branch or processor it was dropped into included). Dropped onto a branch
 * frame, it goes last in that branch.
 */
export function dropStateOn(
  def: Definition,
  graph: Graph,
  moved: string,
  onto: string,
): Definition {
  if (moved === onto) return def;
  const target = nodeOf(graph, onto);
  if (!target) return def;
  if (target.kind === "branch") return moveState(def, moved, { level: target.id });
  if (target.kind !== "state") return def;
  const level = parseStatePointer(onto)?.level;
  if (level === undefined || onto.startsWith(moved + "/")) return def;
  return moveState(def, moved, { level, after: onto });
}
