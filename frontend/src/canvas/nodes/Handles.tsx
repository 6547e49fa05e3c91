/**
 * Handles: React Flow needs them to attach edges, though our edges follow ELK's route. They
 * stay invisible in the viewer; in the designer the bottom one is where a new edge is dragged
 * from, and any node takes one on its top.
 */

import { Handle, Position } from "@xyflow/react";
import { useEditing } from "../editing";

export function Handles({ source = true }: { source?: boolean }) {
  const editing = useEditing();
  return (
    <>
      <Handle className="bt-handle" type="target" position={Position.Top} isConnectable={editing} />
      {source ? (
        <Handle
          className={editing ? "bt-handle bt-handle--source" : "bt-handle"}
          type="source"
          position={Position.Bottom}
          isConnectable={editing}
          title={editing ? "Drag to connect to another state" : undefined}
        />
      ) : null}
    </>
  );
}
