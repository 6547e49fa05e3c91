/**
 * Entry of the graph bundle: mounts a read-only viewer into every `[data-graph-viewer]` element.
 * Contract with the Django templates (frontend/README.md has it in full):
 *   data-definition="<json_script id>"   the definition to draw
 *   data-against="<json_script id>"      optional: diff against this definition
 *   data-side="old|new"                  which side of the diff this element is (default new)
 * Sets data-graph-ready="true" once drawn, or data-graph-error="<message>" with a visible message.
 */

import "../theme.css";
import "../canvas/details.css";
import { createRoot } from "react-dom/client";
import { toGraph } from "../asl/graph";
import { layoutGraph } from "../layout/elk";
import { Canvas } from "../canvas/Canvas";
import { toFlow } from "../canvas/toFlow";
import { readMarks, readScript } from "./read";

const mounted = new WeakSet<HTMLElement>();

async function draw(element: HTMLElement): Promise<void> {
  const definition = readScript(element.dataset.definition);
  const marks = readMarks(element, definition);
  const graph = toGraph(definition);
  const { nodes, edges } = toFlow(graph, await layoutGraph(graph), marks);
  const root = createRoot(element, { onUncaughtError: (error) => showError(element, error) });
  element.classList.add("bt-graph");
  root.render(
    <Canvas nodes={nodes} edges={edges} onReady={() => (element.dataset.graphReady = "true")} />,
  );
}

function showError(element: HTMLElement, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  element.dataset.graphError = message;
  const box = document.createElement("p");
  box.className = "bt-graph-error";
  box.setAttribute("role", "alert");
  box.textContent = `This workflow graph cannot be drawn: ${message}`;
  element.replaceChildren(box);
}

export function mount(element: HTMLElement): void {
  if (mounted.has(element)) return;
  mounted.add(element);
  draw(element).catch((error: unknown) => showError(element, error));
}

/** Times toGraph + ELK layout from scratch (nothing cached); `nodes` counts the state nodes. */
export async function measureLayout(definition: unknown): Promise<{ ms: number; nodes: number }> {
  const started = performance.now();
  const graph = toGraph(definition);
  await layoutGraph(graph);
  const ms = performance.now() - started;
  return { ms, nodes: graph.nodes.filter((node) => node.kind === "state").length };
}

declare global {
  interface Window {
    batonGraph?: { mount(element: HTMLElement): void; measureLayout: typeof measureLayout };
  }
}

function mountAll(): void {
  document.querySelectorAll<HTMLElement>("[data-graph-viewer]").forEach(mount);
}

window.batonGraph = { mount, measureLayout };
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
