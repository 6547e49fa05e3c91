/**
 * The designer's canvas: the viewer's nodes and edges, editable. Click selects (Shift adds),
 * a handle drags out a new edge, an edge's end drags elsewhere, a state dropped on another moves
 * after it, and palette entries drop onto an edge, a branch, a Map or the empty canvas.
 */

import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  type Connection,
  type Edge,
  type Node,
  type NodeChange,
  type XYPosition,
} from "@xyflow/react";
import { memo, useMemo, useState, type DragEvent, type MouseEvent } from "react";
import type { Graph } from "../asl/types";
import "../canvas/canvas.css";
import { EditingContext } from "../canvas/editing";
import { edgeTypes, miniMapClass, nodeTypes } from "../canvas/kinds";
import { toFlow } from "../canvas/toFlow";
import type { FlowNode } from "../canvas/types";
import type { Layout } from "../layout/elk";
import type { DropTarget } from "./drop";
import { FitFirstLayout } from "./FitFirstLayout";
import { decorateEdges, decorateNodes, edgeSignature, nodeSignature } from "./flow";
import { useStable } from "./useStable";

export const PALETTE_MIME = "application/x-baton-palette";

export interface CanvasProps {
  graph: Graph;
  layout: Layout;
  selected: ReadonlySet<string>;
  selectedEdge: string | null;
  invalid: ReadonlySet<string>;
  editable: boolean;
  onSelect: (pointers: string[], edge?: string | null) => void;
  onConnect: (source: string, target: string) => void;
  onMoveEdge: (edgeId: string, source: string, target: string) => void;
  onDropState: (moved: string, onto: string) => void;
  onDropPalette: (paletteId: string, target: DropTarget) => void;
  onReady: () => void;
}

/** What is under the pointer: an edge (its wide hit stroke or label), a node, or nothing. */
export function targetAt(x: number, y: number, except?: string): DropTarget {
  for (const element of document.elementsFromPoint(x, y)) {
    const edgeId = (element as HTMLElement).dataset?.edgeId ?? element.getAttribute("data-edge-id");
    if (edgeId) return { kind: "edge", id: edgeId };
    const node = element.closest<HTMLElement>(".react-flow__node");
    const id = node?.dataset.id;
    if (id && id !== except) return { kind: "node", id };
  }
  return { kind: "canvas" };
}

const MINIMAP_SIZE = { width: 150, height: 100 };

export const DesignerCanvas = memo(function DesignerCanvas(props: CanvasProps) {
  const { graph, layout, selected, selectedEdge, invalid, editable } = props;
  const [dragging, setDragging] = useState<{ id: string; position: XYPosition } | null>(null);
  const base = useMemo(() => toFlow(graph, layout), [graph, layout]);
  const decoratedNodes = useMemo(() => {
    const decorated = decorateNodes(base.nodes, { selected, invalid, editable });
    if (!dragging) return decorated;
    return decorated.map((node) =>
      node.id === dragging.id ? ({ ...node, position: dragging.position } as FlowNode) : node,
    );
  }, [base, selected, invalid, editable, dragging]);
  const decoratedEdges = useMemo(
    () =>
      decorateEdges(base.edges, editable).map((edge) => ({
        ...edge,
        selected: edge.id === selectedEdge,
      })),
    [base, editable, selectedEdge],
  );
  const nodes = useStable(decoratedNodes, nodeSignature);
  const edges = useStable(decoratedEdges, edgeSignature);

  const onNodesChange = (changes: NodeChange[]) => {
    for (const change of changes) {
      if (change.type === "position" && change.dragging && change.position) {
        setDragging({ id: change.id, position: change.position });
      }
    }
  };
  const onNodeClick = (event: MouseEvent, node: Node) => {
    if (node.type !== "state" && node.type !== "container") return;
    if (event.shiftKey || event.metaKey || event.ctrlKey) {
      const next = new Set(selected);
      if (next.has(node.id)) next.delete(node.id);
      else next.add(node.id);
      props.onSelect([...next], null);
    } else props.onSelect([node.id], null);
  };
  const onNodeDragStop = (event: globalThis.MouseEvent | TouchEvent, node: Node) => {
    setDragging(null);
    const point = "changedTouches" in event ? event.changedTouches[0] : event;
    if (!point) return;
    const target = targetAt(point.clientX, point.clientY, node.id);
    if (target.kind === "node") props.onDropState(node.id, target.id);
  };
  const onDrop = (event: DragEvent) => {
    const id = event.dataTransfer.getData(PALETTE_MIME);
    if (!id || !editable) return;
    event.preventDefault();
    props.onDropPalette(id, targetAt(event.clientX, event.clientY));
  };
  const onDragOver = (event: DragEvent) => {
    if (editable && event.dataTransfer.types.includes(PALETTE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    }
  };
  return (
    <div className="bt-graph bt-canvas bt-canvas--design" onDrop={onDrop} onDragOver={onDragOver}>
      <EditingContext.Provider value={editable}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onNodeClick={onNodeClick}
          onEdgeClick={(_event, edge: Edge) => props.onSelect([], edge.id)}
          onPaneClick={() => props.onSelect([], null)}
          onNodeDragStop={onNodeDragStop}
          onConnect={(connection: Connection) =>
            props.onConnect(connection.source, connection.target)
          }
          onReconnect={(old: Edge, connection: Connection) =>
            props.onMoveEdge(old.id, connection.source, connection.target)
          }
          nodesDraggable={editable}
          nodesConnectable={editable}
          edgesReconnectable={editable}
          connectionRadius={70}
          elementsSelectable
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          onlyRenderVisibleElements={false}
          minZoom={0.05}
          maxZoom={2}
          proOptions={{ hideAttribution: false }}
        >
          <Background gap={20} size={1.2} />
          <Controls showInteractive={false} />
          <MiniMap
            style={MINIMAP_SIZE}
            pannable
            zoomable
            nodeClassName={miniMapClass}
            ariaLabel="Minimap of the workflow graph"
          />
          <FitFirstLayout graph={graph} layout={layout} onReady={props.onReady} />
        </ReactFlow>
      </EditingContext.Provider>
    </div>
  );
});
