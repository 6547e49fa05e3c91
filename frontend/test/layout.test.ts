import { describe, expect, it } from "vitest";
import { toGraph } from "../src/asl/graph";
import { layoutGraph } from "../src/layout/elk";
import { large, nested, simple } from "./definitions";

describe("layoutGraph", () => {
  it("gives every node a position and a size", async () => {
    const graph = toGraph(simple);
    const layout = await layoutGraph(graph);
    for (const node of graph.nodes) {
      const box = layout.nodes.get(node.id);
      expect(box, node.id).toBeDefined();
      expect(box!.width).toBeGreaterThan(0);
    }
  });

  it("keeps children inside their container's bounds", async () => {
    const graph = toGraph(nested);
    const layout = await layoutGraph(graph);
    for (const node of graph.nodes.filter((n) => n.parent)) {
      const box = layout.nodes.get(node.id)!;
      const parent = layout.nodes.get(node.parent!)!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThan(0);
      expect(box.x + box.width).toBeLessThanOrEqual(parent.width);
      expect(box.y + box.height).toBeLessThanOrEqual(parent.height);
    }
  });

  it("routes every edge and places its label", async () => {
    const graph = toGraph(simple);
    const layout = await layoutGraph(graph);
    for (const edge of graph.edges) {
      const route = layout.edges.get(edge.id);
      expect(route?.points.length, edge.id).toBeGreaterThanOrEqual(2);
      if (edge.label) expect(route?.label, edge.id).toBeDefined();
    }
  });

  it("lays out the same graph the same way twice", async () => {
    const graph = toGraph(large(60));
    const first = await layoutGraph(graph);
    const second = await layoutGraph(graph);
    expect([...second.nodes]).toEqual([...first.nodes]);
  });
});
