/**
 * Draws every definition in shared/conformance/cases, when that folder is present (it is beside
 * the repository on developer machines and in CI): toGraph and the ELK layout never throw, and
 * there is one state node per state at every depth. Without the folder it says so and runs nothing.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toGraph } from "../src/asl/graph";
import { layoutGraph } from "../src/layout/elk";
import { CASES, jsonFiles } from "./cases";
import { countStates } from "./definitions";

function definitions(): [string, unknown][] {
  return jsonFiles(CASES!).map((file) => [file, JSON.parse(readFileSync(file, "utf8")).definition]);
}

if (!CASES)
  console.warn("conformance: shared/conformance/cases is absent, so no definition was drawn");

describe.skipIf(!CASES)("conformance definitions", () => {
  it("draw one state node per state, for every case", () => {
    const cases = definitions();
    expect(cases.length).toBeGreaterThan(0);
    for (const [file, definition] of cases) {
      const states = toGraph(definition).nodes.filter((node) => node.kind === "state");
      expect(states.length, file).toBe(countStates(definition));
    }
  });

  it("lay out without an error, every node placed", async () => {
    for (const [file, definition] of definitions()) {
      const graph = toGraph(definition);
      const layout = await layoutGraph(graph);
      expect(layout.nodes.size, file).toBe(graph.nodes.length);
    }
  }, 120_000);
});
