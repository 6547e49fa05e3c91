/**
 * The definition's graph with each state's live status: the shared read-only Canvas, laid out
 * once, and an overlay that writes marks (data-status, badge) and the path taken into its nodes.
 * `prefix` places a nested definition (a Map's processor) at its pointer in the whole one.
 */

import { useReactFlow } from "@xyflow/react";
import { useEffect, useState } from "react";
import { toGraph } from "../asl/graph";
import { Canvas } from "../canvas/Canvas";
import { isStateNode } from "../canvas/kinds";
import { toFlow } from "../canvas/toFlow";
import type { FlowEdge, FlowNode, LiveMark, StateData } from "../canvas/types";
import { layoutGraph } from "../layout/elk";

interface Props {
  definition: unknown;
  marks: Map<string, LiveMark>;
  traversed: Set<string>;
  selected?: string;
  onSelect: (pointer: string) => void;
  prefix?: string;
  testid: string;
  label: string;
}

export function LiveGraph({
  definition,
  marks,
  traversed,
  selected,
  onSelect,
  prefix = "",
  testid,
  label,
}: Props) {
  const [flow, setFlow] = useState<{ nodes: FlowNode[]; edges: FlowEdge[] }>();
  const [error, setError] = useState<string>();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let current = true;
    setReady(false);
    const graph = toGraph(definition);
    layoutGraph(graph)
      .then((layout) => current && setFlow(toFlow(graph, layout)))
      .catch((reason: unknown) => current && setError(String(reason)));
    return () => {
      current = false;
    };
  }, [definition]);
  return (
    <div
      className="bt-graph bt-exec-graph"
      data-graph-viewer=""
      data-testid={testid}
      data-graph-ready={ready ? "true" : undefined}
      data-graph-error={error}
      role="region"
      aria-label={label}
    >
      {error ? (
        <p className="bt-graph-error" role="alert">
          This graph cannot be drawn: {error}
        </p>
      ) : null}
      {flow ? (
        <Canvas
          nodes={flow.nodes}
          edges={flow.edges}
          onReady={() => setReady(true)}
          onOpen={(id) => onSelect(prefix + id)}
        >
          <Overlay marks={marks} traversed={traversed} prefix={prefix} selected={selected} />
          <FollowButton marks={marks} prefix={prefix} />
        </Canvas>
      ) : error ? null : (
        <p className="bt-exec-muted">Drawing the graph…</p>
      )}
    </div>
  );
}

/** The whole definition's id of a node of this (maybe nested) graph. */
function absolute(id: string, prefix: string): string {
  const marker = /^(start|end):(.*)$/.exec(id);
  return marker ? `${marker[1]}:${prefix}${marker[2]}` : prefix + id;
}

interface OverlayProps {
  marks: Map<string, LiveMark>;
  traversed: Set<string>;
  prefix: string;
  selected?: string;
}

function Overlay({ marks, traversed, prefix, selected }: OverlayProps) {
  const { setNodes, setEdges } = useReactFlow<FlowNode, FlowEdge>();
  useEffect(() => {
    setNodes((nodes) =>
      nodes.map((node) => {
        if (!isStateNode(node)) return node;
        const id = absolute(node.id, prefix);
        const live = marks.get(id);
        const data = node.data as StateData;
        if (!live) return node;
        // An unchanged node keeps its object, so React Flow redraws only the nodes that moved on
        if (node.selected === (id === selected) && data.live && sameMark(data.live, live)) {
          return node;
        }
        const words = [data.name, `${data.type} state`, live.label, live.detail].filter(Boolean);
        return {
          ...node,
          selected: id === selected,
          className: `bt-live-node bt-live-node--${live.status}`,
          ariaLabel: words.join(", "),
          domAttributes: {
            ...node.domAttributes,
            "data-status": live.status,
          } as FlowNode["domAttributes"],
          data: { ...data, live },
        } as FlowNode;
      }),
    );
    setEdges((edges) =>
      edges.map((edge) => {
        const key = `${absolute(edge.source, prefix)}->${absolute(edge.target, prefix)}`;
        const className = traversed.has(key) ? "bt-edge-taken" : undefined;
        return edge.className === className ? edge : { ...edge, className };
      }),
    );
  }, [marks, traversed, prefix, selected, setNodes, setEdges]);
  return null;
}

/** The same mark in value: every field the node draws, `extra` (an element) by identity. */
export function sameMark(a: LiveMark, b: LiveMark): boolean {
  return (
    a.status === b.status &&
    a.label === b.label &&
    a.detail === b.detail &&
    a.until === b.until &&
    a.extra === b.extra &&
    sameProgress(a.progress, b.progress) &&
    sameList(a.branches, b.branches) &&
    sameList(a.children, b.children)
  );
}

function sameProgress(a: LiveMark["progress"], b: LiveMark["progress"]): boolean {
  if (!a || !b) return a === b;
  return (Object.keys(a) as (keyof typeof a)[]).every((key) => a[key] === b[key]);
}

function sameList(a?: readonly string[], b?: readonly string[]): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

const ACTIVE = new Set(["running", "retrying", "waiting"]);

/** In a big graph the state at work may be off screen: one click brings it into view. */
function FollowButton({ marks, prefix }: { marks: Map<string, LiveMark>; prefix: string }) {
  const { fitView } = useReactFlow();
  const active = [...marks].filter(
    ([id, mark]) => ACTIVE.has(mark.status) && id.startsWith(prefix),
  );
  if (active.length === 0) return null;
  const ids = active.map(([id]) => ({ id: id.slice(prefix.length) }));
  return (
    <button
      type="button"
      className="btn small bt-follow"
      data-testid="show-active"
      onClick={() => void fitView({ nodes: ids.slice(-1), maxZoom: 1, duration: 300 })}
    >
      Show the active state
    </button>
  );
}
