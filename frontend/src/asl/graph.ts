/** toGraph: an ASL definition -> nodes and edges, one node per state at every depth. */

import { describeRule } from "./conditions";
import {
  branchLevels,
  processorLevel,
  readLevel,
  requireRoot,
  type ChildLevel,
  type StateEntry,
} from "./levels";
import { summarize } from "./summary";
import { isObject, type Graph, type GraphEdge, type GraphNode, type JsonObject } from "./types";

/** Throws DefinitionShapeError when the top level has no `States` object; anything else draws. */
export function toGraph(definition: unknown): Graph {
  const graph: Graph = { nodes: [], edges: [] };
  addLevel(graph, { pointer: "", body: requireRoot(definition), index: 0 }, undefined);
  return graph;
}

export function startId(levelPointer: string): string {
  return `start:${levelPointer}`;
}

export function endId(levelPointer: string): string {
  return `end:${levelPointer}`;
}

/** One graph level: its start marker, its states (with their children), its end marker. */
function addLevel(graph: Graph, child: ChildLevel, parent: string | undefined): void {
  const level = readLevel(child.body, child.pointer);
  const ids = new Map(level.states.map((entry) => [entry.name, entry.pointer]));
  graph.nodes.push(marker("start", level.pointer, parent));
  const first = typeof level.startAt === "string" ? ids.get(level.startAt) : undefined;
  if (first) graph.edges.push(edge("start", startId(level.pointer), first, ""));
  for (const entry of level.states) {
    addState(graph, entry, parent);
    graph.edges.push(...stateEdges(entry, ids));
  }
  const terminals = level.states.filter((entry) => isTerminal(entry.state));
  if (terminals.length === 0) return;
  graph.nodes.push(marker("end", level.pointer, parent));
  for (const entry of terminals) {
    graph.edges.push(edge("end", entry.pointer, endId(level.pointer), ""));
  }
}

function addState(graph: Graph, entry: StateEntry, parent: string | undefined): void {
  const { state, pointer } = entry;
  const branches = branchLevels(state, pointer);
  const processor = processorLevel(state, pointer);
  graph.nodes.push({
    id: pointer,
    kind: "state",
    parent,
    label: entry.name,
    type: typeof state.Type === "string" ? state.Type : "",
    summary: summarize(state),
    isContainer: state.Type === "Parallel" || state.Type === "Map",
    state,
  });
  if (processor) addLevel(graph, processor, pointer);
  for (const branch of branches) addBranch(graph, branch, pointer);
}

function addBranch(graph: Graph, branch: ChildLevel, parent: string): void {
  const label = `Branch ${branch.index + 1}`;
  graph.nodes.push({
    id: branch.pointer,
    kind: "branch",
    parent,
    label,
    type: "",
    summary: "",
    isContainer: true,
  });
  addLevel(graph, branch, branch.pointer);
}

function marker(
  kind: "start" | "end",
  levelPointer: string,
  parent: string | undefined,
): GraphNode {
  const id = kind === "start" ? startId(levelPointer) : endId(levelPointer);
  const label = kind === "start" ? "Start" : "End";
  return { id, kind, parent, label, type: "", summary: "", isContainer: false };
}

export function isTerminal(state: JsonObject): boolean {
  return state.Type === "Succeed" || state.Type === "Fail" || state.End === true;
}

/** Next, every Choice rule, Default and Catch; a target that does not exist is not drawn. */
function stateEdges(entry: StateEntry, ids: Map<string, string>): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const link = (kind: GraphEdge["kind"], target: unknown, label: string, index = 0): void => {
    const id = typeof target === "string" ? ids.get(target) : undefined;
    if (id) edges.push(edge(kind, entry.pointer, id, label, index));
  };
  const { state } = entry;
  listOf(state.Choices).forEach((rule, index) =>
    link("choice", rule.Next, describeRule(rule), index),
  );
  link("default", state.Default, "Default");
  link("next", state.Next, "");
  listOf(state.Catch).forEach((catcher, index) =>
    link("catch", catcher.Next, errorsOf(catcher), index),
  );
  return edges;
}

function listOf(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function errorsOf(catcher: JsonObject): string {
  const errors = Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals : [];
  return errors.map(String).join(", ");
}

function edge(
  kind: GraphEdge["kind"],
  source: string,
  target: string,
  label: string,
  index = 0,
): GraphEdge {
  return { id: `${kind}:${index}:${source}`, source, target, kind, label };
}
