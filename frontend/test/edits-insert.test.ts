import { describe, expect, it } from "vitest";
import { insertBetween } from "../src/asl/edits";
import { BRANCH_0, containers, flow, LAMBDA, namesOf, stateAt, statesOf } from "./editing";

describe("insertBetween", () => {
  it("puts a new state on a Next edge: source -> new -> old target", () => {
    const next = insertBetween(
      flow,
      { from: "/States/Wait", edge: { kind: "next" } },
      { type: "Pass" },
    );
    expect(stateAt(next, "/States/Wait").Next).toBe("Pass");
    expect(stateAt(next, "/States/Pass")).toEqual({ Type: "Pass", Next: "Done" });
    expect(namesOf(next)).toEqual(["Fetch", "Check", "Wait", "Pass", "Done", "Broken"]);
  });

  it("works on a Choice rule, on Default and on a Catcher", () => {
    const rule = insertBetween(
      flow,
      { from: "/States/Check", edge: { kind: "choice", index: 1 } },
      { type: "Pass" },
    );
    expect((stateAt(rule, "/States/Check").Choices as { Next: string }[])[1].Next).toBe("Pass");
    expect(stateAt(rule, "/States/Check").Default).toBe("Broken");
    expect(stateAt(rule, "/States/Pass").Next).toBe("Broken");
    const fallback = insertBetween(
      flow,
      { from: "/States/Check", edge: { kind: "default" } },
      { type: "Pass" },
    );
    expect(stateAt(fallback, "/States/Check").Default).toBe("Pass");
    const caught = insertBetween(
      flow,
      { from: "/States/Fetch", edge: { kind: "catch", index: 0 } },
      { type: "Task", name: "Notify" },
    );
    expect(stateAt(caught, "/States/Fetch").Catch).toEqual([
      { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Notify" },
    ]);
    expect(stateAt(caught, "/States/Notify")).toEqual({
      Type: "Task",
      Resource: LAMBDA + "my-function",
      Next: "Broken",
    });
  });

  it("points a new Choice's rule and Default where the edge went", () => {
    const next = insertBetween(
      flow,
      { from: "/States/Wait", edge: { kind: "next" } },
      { type: "Choice" },
    );
    expect(stateAt(next, "/States/Choice")).toEqual({
      Type: "Choice",
      Choices: [{ Variable: "$", IsPresent: true, Next: "Done" }],
      Default: "Done",
    });
  });

  it("on the start edge makes the new state StartAt, first in key order", () => {
    const next = insertBetween(flow, { from: "", edge: { kind: "start" } }, { type: "Pass" });
    expect(next.StartAt).toBe("Pass");
    expect(stateAt(next, "/States/Pass").Next).toBe("Fetch");
    expect(namesOf(next)[0]).toBe("Pass");
  });

  it("on an end edge turns the source's End into Next and ends with the new state", () => {
    const next = insertBetween(
      containers,
      { from: "/States/M", edge: { kind: "end" } },
      { type: "Succeed" },
    );
    expect(stateAt(next, "/States/M")).toEqual({
      ...stateAt(containers, "/States/M"),
      End: undefined,
      Next: "Succeed",
    });
    expect(Object.keys(stateAt(next, "/States/M"))).toEqual(["Type", "ItemProcessor", "Next"]);
    expect(stateAt(next, "/States/Succeed")).toEqual({ Type: "Succeed" });
  });

  it("rewires inside a branch, leaving the other levels the same objects", () => {
    const next = insertBetween(
      containers,
      { from: `${BRANCH_0}/States/A`, edge: { kind: "next" } },
      { type: "Wait" },
    );
    expect(namesOf(next, BRANCH_0)).toEqual(["A", "Wait", "B"]);
    expect(stateAt(next, `${BRANCH_0}/States/A`).Next).toBe("Wait");
    expect(stateAt(next, `${BRANCH_0}/States/Wait`)).toEqual({
      Type: "Wait",
      Seconds: 1,
      Next: "B",
    });
    expect(statesOf(next).M).toBe(statesOf(containers).M);
  });

  it("refuses an edge that does not exist, or whose target is not `to`", () => {
    expect(
      insertBetween(flow, { from: "/States/Done", edge: { kind: "next" } }, { type: "Pass" }),
    ).toBe(flow);
    expect(
      insertBetween(
        flow,
        { from: "/States/Check", edge: { kind: "choice", index: 5 } },
        { type: "Pass" },
      ),
    ).toBe(flow);
    expect(
      insertBetween(flow, { from: "/States/Wait", edge: { kind: "end" } }, { type: "Pass" }),
    ).toBe(flow);
    expect(
      insertBetween(
        flow,
        { from: "/States/Wait", edge: { kind: "next" }, to: "/States/Broken" },
        { type: "Pass" },
      ),
    ).toBe(flow);
    expect(
      insertBetween(
        flow,
        { from: "/States/Wait", edge: { kind: "next" }, to: "/States/Done" },
        { type: "Pass" },
      ),
    ).not.toBe(flow);
  });
});
