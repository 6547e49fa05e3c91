/**
 * What the designer adds to the viewer's flow: which nodes are selected, invalid (a diagnostic
 * names them) or draggable, and a key that changes only when a new layout is needed.
 * Pure; no React import.
 */

import type { Graph } from "../asl/types";
import type { FlowEdge, FlowNode } from "../canvas/types";
import type { Diagnostic } from "./types";

/**
 * Everything the layout depends on: node ids, kinds, parents, sizes (a container's width follows
 * its name and summary) and edges with their labels. A Comment or Parameters edit keeps the key,
 * so the nodes stay where they are.
 */
export function layoutKey(graph: Graph): string {
  const nodes = graph.nodes.map((node) =>
    [node.id, node.kind, node.parent ?? "", node.isContainer ? node.label + node.summary : ""].join(
      "\u0001",
    ),
  );
  const edges = graph.edges.map((edge) => [edge.id, edge.target, edge.label].join("\u0001"));
  return nodes.join("\u0002") + "\u0003" + edges.join("\u0002");
}

/** The state a diagnostic belongs to: the longest state pointer its location starts with. */
export function stateOfLocation(location: string, statePointers: Iterable<string>): string | null {
  let best: string | null = null;
  for (const pointer of statePointers) {
    const within = location === pointer || location.startsWith(pointer + "/");
    if (within && (best === null || pointer.length > best.length)) best = pointer;
  }
  return best;
}

/** State pointer -> its diagnostics; machine-level ones (no state) under "". */
export function diagnosticsByState(
  diagnostics: readonly Diagnostic[],
  statePointers: readonly string[],
): Map<string, Diagnostic[]> {
  const byState = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const key = stateOfLocation(diagnostic.location, statePointers) ?? "";
    byState.set(key, [...(byState.get(key) ?? []), diagnostic]);
  }
  return byState;
}

export interface Decoration {
  selected: ReadonlySet<string>;
  /** States with an error (warnings do not mark a node invalid). */
  invalid: ReadonlySet<string>;
  editable: boolean;
}

export function decorateNodes(nodes: FlowNode[], decoration: Decoration): FlowNode[] {
  return nodes.map((node) => {
    if (node.type !== "state" && node.type !== "container") {
      return { ...node, connectable: decoration.editable } as FlowNode;
    }
    const invalid = decoration.invalid.has(node.id);
    const attributes = { ...node.domAttributes } as Record<string, string>;
    if (invalid) attributes["data-invalid"] = "true";
    return {
      ...node,
      selected: decoration.selected.has(node.id),
      draggable: decoration.editable,
      connectable: decoration.editable,
      className: invalid ? "bt-invalid" : undefined,
      ariaLabel: invalid ? `${node.ariaLabel ?? ""}, has problems` : node.ariaLabel,
      domAttributes: attributes as FlowNode["domAttributes"],
    } as FlowNode;
  });
}

export function decorateEdges(edges: FlowEdge[], editable: boolean): FlowEdge[] {
  if (!editable) return edges;
  return edges.map((edge) => ({
    ...edge,
    selectable: true,
    focusable: true,
    reconnectable: edge.data?.kind !== "end" && edge.data?.kind !== "start" ? true : "source",
  }));
}

/** Everything a drawn node shows or is placed by (for useStable). */
export function nodeSignature(node: FlowNode): string {
  return JSON.stringify([
    node.type,
    node.position,
    node.width,
    node.height,
    node.parentId,
    node.data,
    node.domAttributes,
    node.selected,
    node.draggable,
    node.connectable,
    node.className,
    node.ariaLabel,
  ]);
}

export function edgeSignature(edge: FlowEdge): string {
  return JSON.stringify([
    edge.source,
    edge.target,
    edge.data,
    edge.selected,
    edge.selectable,
    edge.reconnectable,
  ]);
}
