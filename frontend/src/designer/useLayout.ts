/**
 * The graph of the current definition and its layout. The graph keeps its last good drawing
 * while the definition cannot be drawn; a new layout is made only when the layout key changes
 * (a Comment edit moves nothing), and only the latest request is drawn.
 */

import { useEffect, useMemo, useRef, useState } from "react";
import { toGraph } from "../asl/graph";
import type { Graph } from "../asl/types";
import type { Layout } from "../layout/elk";
import { createLatestLayout } from "../layout/worker";
import { layoutKey } from "./flow";

export interface Drawn {
  graph: Graph;
  layout: Layout | null;
  /** A newer layout is being made; `graph` is the one `layout` belongs to. */
  pending: boolean;
  /** Why the current definition cannot be drawn (the last good graph is shown). */
  error: string | null;
}

/** ELK in a web worker, off the typing thread; a newer request supersedes an older one. */
const latestLayout = createLatestLayout();

export function useLayout(definition: unknown): Drawn {
  const lastGood = useRef<Graph | null>(null);
  const { graph, error } = useMemo(() => {
    try {
      const drawn = toGraph(definition);
      lastGood.current = drawn;
      return { graph: drawn, error: null };
    } catch (problem) {
      const message = problem instanceof Error ? problem.message : String(problem);
      return { graph: lastGood.current ?? { nodes: [], edges: [] }, error: message };
    }
  }, [definition]);
  const key = useMemo(() => layoutKey(graph), [graph]);
  const [laidOut, setLaidOut] = useState<{ key: string; graph: Graph; layout: Layout } | null>(
    null,
  );
  useEffect(() => {
    latestLayout
      .run(graph)
      .then((layout) => {
        if (layout) setLaidOut({ key, graph, layout });
      })
      .catch(() => undefined);
    // Only a new key needs a new layout; the graph of the same key has the same shape.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (!laidOut) return { graph, layout: null, pending: true, error };
  // Until the new layout arrives, the previous drawing stays whole rather than half-placed.
  const current = laidOut.key === key;
  return {
    graph: current ? graph : laidOut.graph,
    layout: laidOut.layout,
    pending: !current,
    error,
  };
}
