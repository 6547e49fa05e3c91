import { describe, expect, it } from "vitest";
import { DefinitionShapeError } from "../src/asl/levels";
import { toGraph } from "../src/asl/graph";
import { countStates, large, nested, simple } from "./definitions";

const states = (definition: unknown) =>
  toGraph(definition).nodes.filter((node) => node.kind === "state");
const edgeSet = (definition: unknown) =>
  toGraph(definition).edges.map((edge) =>
    `${edge.kind} ${edge.source} -> ${edge.target} ${edge.label}`.trim(),
  );

describe("toGraph", () => {
  it("makes one node per state at every depth", () => {
    expect(states(simple)).toHaveLength(5);
    expect(states(nested)).toHaveLength(countStates(nested));
    expect(states(large(200))).toHaveLength(200);
  });

  it("uses the state's JSON pointer as its node id", () => {
    const ids = states(nested).map((node) => node.id);
    expect(ids).toContain("/States/Outer/Branches/0/States/Each");
    expect(ids).toContain(
      "/States/Outer/Branches/0/States/Each/ItemProcessor/States/Inner/Branches/1/States/B",
    );
  });

  it("escapes ~ and / in state names per RFC 6901", () => {
    const definition = {
      StartAt: "a/b",
      States: { "a/b": { Type: "Pass", Next: "c~d" }, "c~d": { Type: "Succeed" } },
    };
    expect(states(definition).map((node) => node.id)).toEqual(["/States/a~1b", "/States/c~0d"]);
  });

  it("puts a Parallel's branches under it and their states under the branch", () => {
    const nodes = toGraph(nested).nodes;
    const byId = new Map(nodes.map((node) => [node.id, node]));
    expect(byId.get("/States/Outer/Branches/1")).toMatchObject({
      kind: "branch",
      label: "Branch 2",
      parent: "/States/Outer",
    });
    expect(byId.get("/States/Outer/Branches/1/States/Side")?.parent).toBe(
      "/States/Outer/Branches/1",
    );
    expect(
      byId.get("/States/Outer/Branches/0/States/Each/ItemProcessor/States/Inner")?.parent,
    ).toBe("/States/Outer/Branches/0/States/Each");
  });

  it("lists parents before their children", () => {
    const seen = new Set<string>();
    for (const node of toGraph(nested).nodes) {
      if (node.parent) expect(seen.has(node.parent)).toBe(true);
      seen.add(node.id);
    }
  });

  it("draws edges for Next, every Choice rule, Default, start and end", () => {
    expect(edgeSet(simple)).toEqual([
      "start start: -> /States/Fetch",
      "next /States/Fetch -> /States/Check",
      "choice /States/Check -> /States/Wait $.ok == true",
      "default /States/Check -> /States/Broken Default",
      "next /States/Wait -> /States/Done",
      "end /States/Done -> end:",
      "end /States/Broken -> end:",
    ]);
  });

  it("draws a Catch edge labelled with its errors", () => {
    const definition = {
      StartAt: "T",
      States: {
        T: {
          Type: "Task",
          Resource: "baton:http",
          End: true,
          Catch: [{ ErrorEquals: ["A", "B"], Next: "F" }],
        },
        F: { Type: "Fail" },
      },
    };
    expect(edgeSet(definition)).toContain("catch /States/T -> /States/F A, B");
  });

  it("gives every level its own start and end markers", () => {
    const markers = toGraph(nested).nodes.filter(
      (node) => node.kind === "start" || node.kind === "end",
    );
    expect(markers.map((node) => `${node.id} in ${node.parent ?? "top"}`)).toContain(
      "start:/States/Outer/Branches/0/States/Each/ItemProcessor in /States/Outer/Branches/0/States/Each",
    );
    expect(markers.filter((node) => node.kind === "start")).toHaveLength(6);
    expect(markers.filter((node) => node.kind === "end")).toHaveLength(6);
  });

  it("skips edges to states that do not exist", () => {
    const definition = { StartAt: "Nope", States: { A: { Type: "Pass", Next: "Missing" } } };
    expect(edgeSet(definition)).toEqual([]);
  });

  it("reads a legacy Map Iterator", () => {
    const definition = {
      StartAt: "M",
      States: {
        M: {
          Type: "Map",
          Iterator: { StartAt: "X", States: { X: { Type: "Pass", End: true } } },
          End: true,
        },
      },
    };
    expect(states(definition).map((node) => node.id)).toEqual([
      "/States/M",
      "/States/M/Iterator/States/X",
    ]);
  });

  it("draws states it cannot run with the generic type", () => {
    const definition = { StartAt: "Q", States: { Q: { Type: "Quantum", End: true }, R: 7 } };
    expect(states(definition).map((node) => [node.type, node.summary])).toEqual([
      ["Quantum", "unsupported type"],
      ["", "unsupported type"],
    ]);
  });

  it("refuses a definition without a States object", () => {
    expect(() => toGraph({ StartAt: "A", States: [] })).toThrow(DefinitionShapeError);
    expect(() => toGraph("nope")).toThrow(DefinitionShapeError);
  });
});
