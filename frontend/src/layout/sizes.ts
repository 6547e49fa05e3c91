/** Sizes the canvas draws and ELK reserves space for; one place so the two never disagree. */

import type { GraphNode } from "../asl/types";

export const STATE_SIZE = { width: 208, height: 60 };
export const MARKER_SIZE = { width: 64, height: 26 };
/** Space inside a container above its children, for its header (icon, name, summary). */
export const CONTAINER_HEADER = 54;
export const BRANCH_HEADER = 32;
export const CONTAINER_MIN = { width: 232, height: 110 };

const LABEL_MAX_CHARS = 34;
const LABEL_CHAR_WIDTH = 6.4;
const LABEL_HEIGHT = 18;

const HEADER_MAX_WIDTH = 520;

/** A container is at least wide enough for its header's name and summary, up to a limit. */
export function containerMinimum(node: GraphNode): { width: number; height: number } {
  if (node.kind === "branch") return CONTAINER_MIN;
  const name = node.label.length * 7.6;
  const meta = (node.type.length + node.summary.length + 3) * 6.6;
  const width = Math.min(HEADER_MAX_WIDTH, Math.ceil(64 + Math.max(name, meta)));
  return { width: Math.max(CONTAINER_MIN.width, width), height: CONTAINER_MIN.height };
}

export function leafSize(node: GraphNode): { width: number; height: number } {
  return node.kind === "start" || node.kind === "end" ? MARKER_SIZE : STATE_SIZE;
}

/** The text an edge label shows: at most LABEL_MAX_CHARS, with an ellipsis when cut. */
export function edgeLabelText(label: string): string {
  if (label.length <= LABEL_MAX_CHARS) return label;
  return label.slice(0, LABEL_MAX_CHARS - 1).trimEnd() + "…";
}

export function edgeLabelSize(label: string): { width: number; height: number } {
  return {
    width: Math.ceil(edgeLabelText(label).length * LABEL_CHAR_WIDTH) + 12,
    height: LABEL_HEIGHT,
  };
}
