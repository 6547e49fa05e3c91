import { describe, expect, it } from "vitest";
import { diffStates } from "../src/asl/diff";
import { toGraph } from "../src/asl/graph";
import { toFlow } from "../src/canvas/toFlow";
import { initialViewport } from "../src/canvas/view";
import { layoutGraph } from "../src/layout/elk";
import { nested, simple } from "./definitions";

async function flowOf(definition: unknown, marks = new Map()) {
  const graph = toGraph(definition);
  return toFlow(graph, await layoutGraph(graph), marks);
}

const attributes = (node: { domAttributes?: unknown }) =>
  (node.domAttributes ?? {}) as Record<string, string>;

describe("toFlow", () => {
  it("puts data-state and data-type on state nodes only, containers included", async () => {
    const { nodes } = await flowOf(nested);
    const marked = nodes.filter((node) => "data-state" in attributes(node));
    expect(marked.map((node) => attributes(node)["data-state"]).sort()).toEqual([
      "A",
      "B",
      "Each",
      "Finish",
      "Inner",
      "Outer",
      "Side",
    ]);
    expect(attributes(nodes.find((node) => node.id === "/States/Outer")!)["data-type"]).toBe(
      "Parallel",
    );
    expect(
      nodes
        .filter((node) => node.type === "start" || node.type === "branch")
        .every((node) => !node.domAttributes),
    ).toBe(true);
  });

  it("gives child nodes their container as parent, parents first", async () => {
    const { nodes } = await flowOf(nested);
    const index = new Map(nodes.map((node, i) => [node.id, i]));
    for (const node of nodes.filter((n) => n.parentId))
      expect(index.get(node.parentId!)).toBeLessThan(index.get(node.id)!);
  });

  it("carries a diff mark as data-diff", async () => {
    const changed = {
      ...simple,
      States: { ...simple.States, Wait: { Type: "Wait", Seconds: 9, Next: "Done" } },
    };
    const { nodes } = await flowOf(changed, diffStates(changed, simple, "new"));
    expect(attributes(nodes.find((node) => node.id === "/States/Wait")!)["data-diff"]).toBe(
      "changed",
    );
    expect(
      attributes(nodes.find((node) => node.id === "/States/Fetch")!)["data-diff"],
    ).toBeUndefined();
  });

  it("routes every edge along its ELK points", async () => {
    const { edges } = await flowOf(simple);
    expect(edges).toHaveLength(toGraph(simple).edges.length);
    expect(edges.every((edge) => (edge.data?.points.length ?? 0) >= 2)).toBe(true);
  });
});

describe("initialViewport", () => {
  it("fits a small graph whole, centred, never above 100 %", () => {
    expect(initialViewport({ x: 0, y: 0, width: 400, height: 300 }, 1200, 600)).toEqual({
      x: 400,
      y: 150,
      zoom: 1,
    });
  });

  it("opens a tall graph at its top instead of shrinking it unreadably", () => {
    const view = initialViewport({ x: 0, y: 0, width: 600, height: 12000 }, 1200, 600);
    expect(view.zoom).toBeGreaterThanOrEqual(0.45);
    expect(view.y).toBe(24);
  });
});
