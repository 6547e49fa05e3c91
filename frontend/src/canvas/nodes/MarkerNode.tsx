/** The Start and End markers of one graph level (the top level, a branch or a Map processor). */

import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { MarkerNodeType } from "../types";
import { Handles } from "./Handles";

function MarkerNodeView({ data, type }: NodeProps<MarkerNodeType>) {
  return (
    <div className={`bt-marker bt-marker--${type}`}>
      <Handles />
      {data.label}
    </div>
  );
}

export const MarkerNode = memo(MarkerNodeView);
