/**
 * The designer's first viewport, from the layout's own boxes (controlled nodes are placed by
 * us, so there is nothing to wait for React Flow to measure); later layouts keep the user's
 * pan and zoom. Then the canvas reports itself drawn.
 */

import { useReactFlow, useStore } from "@xyflow/react";
import { useEffect, useRef } from "react";
import type { Graph } from "../asl/types";
import { initialViewport } from "../canvas/view";
import type { Layout } from "../layout/elk";

function topLevelBounds(graph: Graph, layout: Layout) {
  const boxes = graph.nodes
    .filter((node) => !node.parent)
    .map((node) => layout.nodes.get(node.id))
    .filter((box) => box !== undefined);
  if (!boxes.length) return { x: 0, y: 0, width: 1, height: 1 };
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

export function FitFirstLayout(props: { graph: Graph; layout: Layout; onReady: () => void }) {
  const { setViewport } = useReactFlow();
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  const done = useRef(false);
  const { graph, layout, onReady } = props;
  useEffect(() => {
    if (done.current || width === 0 || height === 0) return;
    done.current = true;
    void setViewport(initialViewport(topLevelBounds(graph, layout), width, height)).then(() =>
      requestAnimationFrame(onReady),
    );
  }, [graph, layout, width, height, setViewport, onReady]);
  return null;
}
