/** A leaf state: one style per ASL type (icon, colour), name and one-line summary. */

import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { StateNodeType } from "../types";
import { Handles } from "./Handles";
import { StateHeading } from "./StateHeading";
import { typeClass } from "./icons";

function StateNodeView({ data }: NodeProps<StateNodeType>) {
  return (
    <div className={`bt-node bt-node--${typeClass(data.type)}`}>
      <Handles />
      <StateHeading data={data} />
    </div>
  );
}

export const StateNode = memo(StateNodeView);
