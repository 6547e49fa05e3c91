import { describe, expect, it } from "vitest";
import { moveState } from "../src/asl/edits";
import {
  BRANCH_0,
  BRANCH_1,
  containers,
  flow,
  frozen,
  namesOf,
  PROCESSOR,
  stateAt,
  statesOf,
} from "./editing";

describe("moveState", () => {
  it("reorders keys within a level and changes nothing else", () => {
    const next = moveState(flow, "/States/Broken", { level: "", after: "/States/Fetch" });
    expect(namesOf(next)).toEqual(["Fetch", "Broken", "Check", "Wait", "Done"]);
    for (const name of namesOf(flow)) expect(statesOf(next)[name]).toBe(statesOf(flow)[name]);
    expect(next.StartAt).toBe("Fetch");
  });

  it("moves first with after: null, last without after, and is a no-op in place", () => {
    expect(namesOf(moveState(flow, "/States/Done", { level: "", after: null }))[0]).toBe("Done");
    expect(namesOf(moveState(flow, "/States/Fetch", { level: "" })).at(-1)).toBe("Fetch");
    expect(moveState(flow, "/States/Check", { level: "", after: "/States/Fetch" })).toBe(flow);
    expect(moveState(flow, "/States/Broken", { level: "" })).toBe(flow);
    expect(moveState(flow, "/States/Check", { level: "", after: "/States/Check" })).toBe(flow);
  });

  it("moves into a branch: references to it are bridged, its own are dropped", () => {
    const into = moveState(containers, `${BRANCH_0}/States/A`, {
      level: BRANCH_1,
      after: `${BRANCH_1}/States/C`,
    });
    const [first, second] = stateAt(into, "/States/P").Branches as {
      StartAt: string;
      States: object;
    }[];
    expect(first).toEqual({ StartAt: "B", States: { B: { Type: "Pass", End: true } } });
    expect(second).toEqual({
      StartAt: "C",
      States: { C: { Type: "Pass", End: true }, A: { Type: "Pass", End: true } },
    });
  });

  it("moves a top-level state into a Map processor, which becomes its start when it has none", () => {
    const emptied = frozen({
      StartAt: "Go",
      States: {
        Go: { Type: "Pass", Next: "M" },
        M: { Type: "Map", ItemProcessor: { StartAt: "Gone", States: {} }, End: true },
      },
    });
    const next = moveState(emptied, "/States/Go", { level: PROCESSOR });
    expect(next).toEqual({
      StartAt: "M",
      States: {
        M: {
          Type: "Map",
          ItemProcessor: { StartAt: "Go", States: { Go: { Type: "Pass", End: true } } },
          End: true,
        },
      },
    });
  });

  it("refuses to move a state into its own branches, or to a level that does not exist", () => {
    expect(moveState(containers, "/States/P", { level: BRANCH_0 })).toBe(containers);
    expect(moveState(containers, "/States/P", { level: "/States/P/Branches/9" })).toBe(containers);
    expect(moveState(containers, "/States/Nope", { level: "" })).toBe(containers);
  });

  it("cannot reorder integer-like names: JavaScript always lists them first", () => {
    const numbered = frozen({
      StartAt: "B",
      States: { B: { Type: "Pass", Next: "1" }, "1": { Type: "Succeed" } },
    });
    expect(namesOf(numbered)).toEqual(["1", "B"]);
    expect(moveState(numbered, "/States/1", { level: "" })).toBe(numbered);
  });
});
