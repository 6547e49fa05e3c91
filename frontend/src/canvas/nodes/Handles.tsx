/** Invisible handles: React Flow needs them to attach edges, though our edges follow ELK's route. */

import { Handle, Position } from "@xyflow/react";

export function Handles() {
  return (
    <>
      <Handle className="bt-handle" type="target" position={Position.Top} isConnectable={false} />
      <Handle
        className="bt-handle"
        type="source"
        position={Position.Bottom}
        isConnectable={false}
      />
    </>
  );
}
