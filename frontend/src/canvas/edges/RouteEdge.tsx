/** An edge drawn along ELK's route, with an arrowhead and an optional truncated label. */

import { EdgeLabelRenderer, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { edgeLabelText } from "../../layout/sizes";
import type { FlowEdge } from "../types";
import { arrowPath, routePath } from "./path";

function RouteEdgeView({ id, data }: EdgeProps<FlowEdge>) {
  if (!data) return null;
  const { kind, points, label, labelBox } = data;
  const d = routePath(points);
  return (
    <>
      {/* A wide invisible stroke: where a click selects the edge and a drop lands on it. */}
      <path className="bt-edge-hit" d={d} fill="none" data-edge-id={id} />
      <path className={`bt-edge bt-edge--${kind}`} d={d} fill="none" />
      <path className={`bt-edge-arrow bt-edge-arrow--${kind}`} d={arrowPath(points)} />
      {label && labelBox ? <EdgeLabel id={id} kind={kind} label={label} box={labelBox} /> : null}
    </>
  );
}

function EdgeLabel({
  id,
  kind,
  label,
  box,
}: {
  id: string;
  kind: string;
  label: string;
  box: NonNullable<FlowEdge["data"]>["labelBox"] & {};
}) {
  const text = edgeLabelText(label);
  return (
    <EdgeLabelRenderer>
      <div
        className={`bt-edge-label bt-edge-label--${kind} nopan`}
        data-edge-id={id}
        style={{
          transform: `translate(${box.x}px, ${box.y}px)`,
          width: box.width,
          height: box.height,
        }}
        title={text === label ? undefined : label}
      >
        {text}
      </div>
    </EdgeLabelRenderer>
  );
}

export const RouteEdge = memo(RouteEdgeView);
