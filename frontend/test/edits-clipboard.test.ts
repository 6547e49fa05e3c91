import { describe, expect, it } from "vitest";
import {
  addBranch,
  copyStates,
  isClipboard,
  pastedNames,
  pasteStates,
  removeBranch,
} from "../src/asl/edits";
import { toGraph } from "../src/asl/graph";
import { countStates } from "./definitions";
import { BRANCH_0, BRANCH_1, containers, flow, frozen, namesOf, stateAt } from "./editing";

describe("copyStates and pasteStates", () => {
  it("keeps edges inside the copy and drops edges to states outside it", () => {
    const clipboard = copyStates(flow, ["/States/Check", "/States/Wait"]);
    expect(clipboard.states.map(([name]) => name)).toEqual(["Check", "Wait"]);
    const [check, wait] = clipboard.states.map(([, state]) => state);
    expect(check.Choices).toMatchObject([{ Next: "Wait" }, { And: expect.any(Array) }]);
    expect((check.Choices as object[])[1]).not.toHaveProperty("Next");
    expect(check).not.toHaveProperty("Default");
    expect(wait).toEqual({ Type: "Wait", Seconds: 5, End: true });
  });

  it("makes names unique on paste and rewrites the references inside the copy", () => {
    const clipboard = copyStates(flow, ["/States/Wait", "/States/Done"]);
    const next = pasteStates(flow, clipboard, { level: "", after: "/States/Done" });
    expect(namesOf(next)).toEqual(["Fetch", "Check", "Wait", "Done", "Wait 2", "Done 2", "Broken"]);
    expect(stateAt(next, "/States/Wait 2")).toEqual({ Type: "Wait", Seconds: 5, Next: "Done 2" });
    expect(pastedNames(flow, clipboard)).toEqual(
      new Map([
        ["Wait", "Wait 2"],
        ["Done", "Done 2"],
      ]),
    );
    expect(stateAt(next, "/States/Wait")).toBe(stateAt(flow, "/States/Wait"));
  });

  it("renames the states nested in a pasted Parallel or Map, keeping their edges", () => {
    const next = pasteStates(containers, copyStates(containers, ["/States/P"]), { level: "" });
    const copy = stateAt(next, "/States/P 2");
    expect(copy.Branches).toEqual([
      {
        StartAt: "A 2",
        States: { "A 2": { Type: "Pass", Next: "B 2" }, "B 2": { Type: "Pass", End: true } },
      },
      { StartAt: "C 2", States: { "C 2": { Type: "Pass", End: true } } },
    ]);
    expect(copy.End).toBe(true);
    expect(toGraph(next).nodes.filter((node) => node.kind === "state")).toHaveLength(
      countStates(containers) + 4,
    );
  });

  it("pastes into a branch, as that level's start when it has none", () => {
    const emptied = frozen({
      StartAt: "P",
      States: { P: { Type: "Parallel", Branches: [{ States: {} }], End: true } },
    });
    const next = pasteStates(emptied, copyStates(flow, ["/States/Done"]), {
      level: "/States/P/Branches/0",
    });
    expect(stateAt(next, "/States/P").Branches).toEqual([
      { States: { Done: { Type: "Succeed" } }, StartAt: "Done" },
    ]);
  });

  it("ignores pointers inside another copied state, and copies survive the system clipboard", () => {
    const clipboard = copyStates(containers, ["/States/P", `${BRANCH_0}/States/A`, "/States/Nope"]);
    expect(clipboard.states.map(([name]) => name)).toEqual(["P"]);
    const text = JSON.stringify(clipboard);
    expect(isClipboard(JSON.parse(text))).toBe(true);
    expect(isClipboard({ states: {} })).toBe(false);
    expect(pasteStates(containers, JSON.parse(text), { level: "" })).toEqual(
      pasteStates(containers, clipboard, { level: "" }),
    );
  });

  it("returns the same definition for an empty clipboard or a missing level", () => {
    expect(pasteStates(flow, copyStates(flow, []), { level: "" })).toBe(flow);
    expect(
      pasteStates(flow, copyStates(flow, ["/States/Done"]), { level: "/States/X/Branches/0" }),
    ).toBe(flow);
  });
});

describe("addBranch and removeBranch", () => {
  it("adds a branch holding one Pass with a machine-unique name", () => {
    const next = addBranch(containers, "/States/P");
    expect((stateAt(next, "/States/P").Branches as object[])[2]).toEqual({
      StartAt: "Pass",
      States: { Pass: { Type: "Pass", End: true } },
    });
    const first = addBranch(next, "/States/P", 0);
    expect((stateAt(first, "/States/P").Branches as { StartAt: string }[])[0].StartAt).toBe(
      "Pass 2",
    );
    expect(addBranch(containers, "/States/M")).toBe(containers);
  });

  it("removes a branch with its states, but never the last one", () => {
    const next = removeBranch(containers, BRANCH_0);
    expect(stateAt(next, "/States/P").Branches).toEqual([
      { StartAt: "C", States: { C: { Type: "Pass", End: true } } },
    ]);
    expect(removeBranch(next, BRANCH_0)).toBe(next);
    expect(removeBranch(containers, "/States/P/Branches/5")).toBe(containers);
    expect(removeBranch(containers, BRANCH_1)).not.toBe(containers);
  });
});
