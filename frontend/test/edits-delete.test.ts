import { describe, expect, it } from "vitest";
import { deleteStates } from "../src/asl/edits";
import { BRANCH_0, containers, flow, frozen, namesOf, stateAt, statesOf } from "./editing";

describe("deleteStates", () => {
  it("of the start state moves StartAt to its successor", () => {
    const next = deleteStates(containers, ["/States/P"]);
    expect(next).toEqual({ StartAt: "M", States: { M: statesOf(containers).M } });
    expect(statesOf(next).M).toBe(statesOf(containers).M);
  });

  it("points the predecessors of a single-successor state at its successor", () => {
    const next = deleteStates(flow, ["/States/Wait"]);
    expect(namesOf(next)).toEqual(["Fetch", "Check", "Done", "Broken"]);
    expect(stateAt(next, "/States/Check").Choices).toMatchObject([
      { Next: "Done" },
      { Next: "Broken" },
    ]);
  });

  it("follows a chain of deleted states to the first one that stays", () => {
    const chain = frozen({
      StartAt: "A",
      States: {
        A: { Type: "Pass", Next: "B" },
        B: { Type: "Pass", Next: "C" },
        C: { Type: "Pass", Next: "D" },
        D: { Type: "Succeed" },
      },
    });
    expect(deleteStates(chain, ["/States/B", "/States/C"]).States).toEqual({
      A: { Type: "Pass", Next: "D" },
      D: { Type: "Succeed" },
    });
    expect(deleteStates(chain, ["/States/A", "/States/B"]).StartAt).toBe("C");
  });

  it("drops references to a state with several successors: Next -> End, Default goes, rules and catchers stay without Next", () => {
    const next = deleteStates(flow, ["/States/Broken"]);
    expect(stateAt(next, "/States/Fetch").Catch).toEqual([
      { ErrorEquals: ["States.ALL"], ResultPath: "$.error" },
    ]);
    const check = stateAt(next, "/States/Check");
    expect(check.Default).toBeUndefined();
    expect((check.Choices as object[])[1]).toEqual({
      And: [
        { Variable: "$.a", IsPresent: true },
        { Not: { Variable: "$.b", StringEquals: "Wait" } },
      ],
    });
    const fork = deleteStates(flow, ["/States/Check"]);
    expect(stateAt(fork, "/States/Fetch")).toEqual({
      Type: "Task",
      Resource: stateAt(flow, "/States/Fetch").Resource,
      End: true,
      Catch: stateAt(flow, "/States/Fetch").Catch,
    });
    expect(Object.keys(stateAt(fork, "/States/Fetch"))).toEqual([
      "Type",
      "Resource",
      "End",
      "Catch",
    ]);
  });

  it("moves StartAt past a deleted start with several successors to the first state its edges reach", () => {
    const next = deleteStates(flow, ["/States/Fetch", "/States/Check"]);
    expect(next.StartAt).toBe("Wait");
    const lone = frozen({
      StartAt: "X",
      States: { X: { Type: "Succeed" }, Y: { Type: "Succeed" } },
    });
    expect(deleteStates(lone, ["/States/X"]).StartAt).toBe("Y");
    expect(deleteStates(lone, ["/States/X", "/States/Y"])).toEqual({ States: {} });
  });

  it("counts a state's self-loop and repeated targets as one successor", () => {
    const loop = frozen({
      StartAt: "A",
      States: {
        A: { Type: "Pass", Next: "T" },
        T: {
          Type: "Task",
          Resource: "x",
          Next: "Z",
          Catch: [{ ErrorEquals: ["States.ALL"], Next: "Z" }],
        },
        Z: { Type: "Succeed" },
      },
    });
    expect(stateAt(deleteStates(loop, ["/States/T"]), "/States/A").Next).toBe("Z");
    const cycle = frozen({
      StartAt: "S",
      States: {
        S: { Type: "Pass", Next: "A" },
        A: { Type: "Pass", Next: "B" },
        B: { Type: "Pass", Next: "A" },
      },
    });
    expect(stateAt(deleteStates(cycle, ["/States/A", "/States/B"]), "/States/S")).toEqual({
      Type: "Pass",
      End: true,
    });
  });

  it("rewires inside a branch only, leaving other levels the same objects", () => {
    const next = deleteStates(containers, [`${BRANCH_0}/States/A`]);
    expect(next).toMatchObject({
      States: {
        P: { Branches: [{ StartAt: "B", States: { B: { Type: "Pass", End: true } } }, {}] },
      },
    });
    expect(statesOf(next).M).toBe(statesOf(containers).M);
    const branches = stateAt(next, "/States/P").Branches as object[];
    expect(branches[1]).toBe((stateAt(containers, "/States/P").Branches as object[])[1]);
  });

  it("takes a container's nested states with it and ignores pointers inside it or to nothing", () => {
    const next = deleteStates(containers, [
      "/States/M",
      "/States/M/ItemProcessor/States/Item",
      "/States/Nope",
    ]);
    expect(namesOf(next)).toEqual(["P"]);
    expect(stateAt(next, "/States/P").End).toBe(true);
    expect(deleteStates(containers, ["/States/Nope", "/Oops", "garbage"])).toBe(containers);
    expect(deleteStates(containers, [])).toBe(containers);
  });

  it("deletes in several levels at once", () => {
    const next = deleteStates(containers, [`${BRANCH_0}/States/B`, "/States/M"]);
    expect(stateAt(next, `${BRANCH_0}/States/A`)).toEqual({ Type: "Pass", End: true });
    expect(namesOf(next)).toEqual(["P"]);
  });
});
