/** An edge drawn along ELK's route, with an arrowhead and an optional truncated label. */

import { EdgeLabelRenderer, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { edgeLabelText } from "../../layout/sizes";
import type { FlowEdge } from "../types";
import { arrowPath, routePath } from "./path";

function RouteEdgeView({ data }: EdgeProps<FlowEdge>) {
  if (!data) return null;
  const { kind, points, label, labelBox } = data;
  return (
    <>
      <path className={`bt-edge bt-edge--${kind}`} d={routePath(points)} fill="none" />
      <path className={`bt-edge-arrow bt-edge-arrow--${kind}`} d={arrowPath(points)} />
      {label && labelBox ? <EdgeLabel kind={kind} label={label} box={labelBox} /> : null}
    </>
  );
}

function EdgeLabel({
  kind,
  label,
  box,
}: {
  kind: string;
  label: string;
  box: NonNullable<FlowEdge["data"]>["labelBox"] & {};
}) {
  const text = edgeLabelText(label);
  return (
    <EdgeLabelRenderer>
      <div
        className={`bt-edge-label bt-edge-label--${kind} nopan`}
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
