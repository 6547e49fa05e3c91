/** Once every node is measured: set the first viewport, then report the graph as drawn. */

import { useNodesInitialized, useReactFlow, useStore } from "@xyflow/react";
import { useEffect, useRef } from "react";
import { initialViewport } from "./view";

export function FitOnReady({ onReady }: { onReady: () => void }) {
  const initialized = useNodesInitialized();
  const { getNodesBounds, getNodes, setViewport } = useReactFlow();
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  const done = useRef(false);
  useEffect(() => {
    if (!initialized || done.current || width === 0 || height === 0) return;
    done.current = true;
    const bounds = getNodesBounds(getNodes().filter((node) => !node.parentId));
    void setViewport(initialViewport(bounds, width, height)).then(() =>
      requestAnimationFrame(onReady),
    );
  }, [initialized, width, height, getNodesBounds, getNodes, setViewport, onReady]);
  return null;
}
