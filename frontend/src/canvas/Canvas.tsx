/** The read-only React Flow canvas: pan, zoom, controls, minimap, and a details panel on click. */

import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  type Node,
  type NodeMouseHandler,
} from "@xyflow/react";
import { useCallback, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import "./canvas.css";
import { DetailsPanel } from "./DetailsPanel";
import { FitOnReady } from "./FitOnReady";
import { edgeTypes, isStateNode as isState, miniMapClass, nodeTypes } from "./kinds";
import type { FlowEdge, FlowNode, StateNodeType } from "./types";

const MINIMAP_SIZE = { width: 168, height: 112 };

interface Props {
  nodes: FlowNode[];
  edges: FlowEdge[];
  onReady: () => void;
  /** Given: a click or Enter on a state reports it here instead of opening the details panel. */
  onOpen?: (id: string) => void;
  /** Drawn inside React Flow's provider (the live page's status overlay). */
  children?: ReactNode;
}

function isStateNode(node: Node | undefined): node is StateNodeType {
  return isState(node);
}

export function Canvas({ nodes, edges, onReady, onOpen, children }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const [openId, setOpenId] = useState<string>();
  const open = nodes.find((node): node is StateNodeType => node.id === openId && isStateNode(node));
  const openState = useCallback((id: string) => (onOpen ? onOpen(id) : setOpenId(id)), [onOpen]);
  const onNodeClick: NodeMouseHandler = useCallback(
    (_event, node) => {
      if (isStateNode(node)) openState(node.id);
    },
    [openState],
  );
  /** Closing hands focus back to the node the panel was about. */
  const close = () => {
    const selector = `.react-flow__node[data-id="${CSS.escape(openId ?? "")}"]`;
    root.current?.querySelector<HTMLElement>(selector)?.focus({ preventScroll: true });
    setOpenId(undefined);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape" && openId) return close();
    const target = event.target as HTMLElement;
    const id = target.classList.contains("react-flow__node") ? target.dataset.id : undefined;
    if (
      (event.key === "Enter" || event.key === " ") &&
      isStateNode(nodes.find((node) => node.id === id))
    ) {
      event.preventDefault();
      if (id) openState(id);
    }
  };
  return (
    <div className="bt-canvas" ref={root} onKeyDown={onKeyDown}>
      <ReactFlowProvider>
        <ReactFlow
          defaultNodes={nodes}
          defaultEdges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodeClick={onNodeClick}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable
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
          <FitOnReady onReady={onReady} />
          {children}
        </ReactFlow>
      </ReactFlowProvider>
      {open ? <DetailsPanel data={open.data} onClose={close} /> : null}
    </div>
  );
}
