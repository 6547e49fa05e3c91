/** ELK layout of a Graph on the calling thread: layered, top to bottom (the viewer's path). */

import ELK from "elkjs/lib/elk.bundled.js";
import type { Graph } from "../asl/types";
import { readLayout, toElkGraph, type Layout } from "./elkGraph";

export type { Box, EdgeRoute, Layout, Point } from "./elkGraph";

const elk = new ELK();

export async function layoutGraph(graph: Graph): Promise<Layout> {
  return readLayout(await elk.layout(toElkGraph(graph)));
}
