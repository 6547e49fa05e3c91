/** A Parallel or Map: a framed group with a header; its branches or processor states sit inside. */

import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { BranchNodeType, StateNodeType } from "../types";
import { Handles } from "./Handles";
import { StateHeading } from "./StateHeading";
import { typeClass } from "./icons";

function ContainerNodeView({ data }: NodeProps<StateNodeType>) {
  return (
    <div className={`bt-container bt-node--${typeClass(data.type)}`}>
      <Handles />
      <StateHeading data={data} />
    </div>
  );
}

/** One Parallel branch: a dashed frame labelled "Branch N"; it is not a state. */
function BranchNodeView({ data }: NodeProps<BranchNodeType>) {
  return (
    <div className="bt-branch">
      <Handles />
      <span className="bt-branch__label">{data.label}</span>
    </div>
  );
}

export const ContainerNode = memo(ContainerNodeView);
export const BranchNode = memo(BranchNodeView);
