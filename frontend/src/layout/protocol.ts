/** Messages between the page and the ELK worker (elkWorker.ts), and the worker's answer, pure. */

import type { ElkNode } from "elkjs/lib/elk-api";
import { readLayout, type Layout } from "./elkGraph";

/** An ELK graph (toElkGraph's output) to lay out; `id` pairs the answer with its request. */
export interface LayoutRequest {
  id: number;
  graph: ElkNode;
}

export type LayoutResponse = { id: number; layout: Layout } | { id: number; error: string };

/** What the worker does with one request: ELK's layout, read into a Layout (Maps clone fine). */
export async function answerRequest(
  request: LayoutRequest,
  layout: (graph: ElkNode) => Promise<ElkNode>,
): Promise<LayoutResponse> {
  try {
    return { id: request.id, layout: readLayout(await layout(request.graph)) };
  } catch (error) {
    return { id: request.id, error: describe(error) };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}
