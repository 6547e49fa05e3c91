import { describe, expect, it } from "vitest";
import { canConnect, connect, disconnect, edgeRefOf, reconnect } from "../src/asl/edits";
import { toGraph } from "../src/asl/graph";
import { nested } from "./definitions";
import { BRANCH_0, BRANCH_1, containers, flow, frozen, stateAt } from "./editing";

describe("connect", () => {
  it("sets Next and clears End in its place", () => {
    const next = connect(containers, {
      from: "/States/M",
      edge: { kind: "next" },
      to: "/States/P",
    });
    expect(Object.entries(stateAt(next, "/States/M")).at(-1)).toEqual(["Next", "P"]);
    expect(stateAt(next, "/States/M").End).toBeUndefined();
  });

  it("sets a Choice rule's Next, Default and a Catcher's Next", () => {
    const rule = connect(flow, {
      from: "/States/Check",
      edge: { kind: "choice", index: 1 },
      to: "/States/Done",
    });
    expect((stateAt(rule, "/States/Check").Choices as object[])[1]).toMatchObject({ Next: "Done" });
    const fallback = connect(flow, {
      from: "/States/Check",
      edge: { kind: "default" },
      to: "/States/Done",
    });
    expect(stateAt(fallback, "/States/Check").Default).toBe("Done");
    const caught = connect(flow, {
      from: "/States/Fetch",
      edge: { kind: "catch", index: 0 },
      to: "/States/Done",
    });
    expect(stateAt(caught, "/States/Fetch").Catch).toEqual([
      { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Done" },
    ]);
  });

  it("adds a rule or a Catcher when the index is one past the end", () => {
    const rule = connect(flow, {
      from: "/States/Check",
      edge: { kind: "choice", index: 2 },
      to: "/States/Done",
    });
    expect((stateAt(rule, "/States/Check").Choices as object[])[2]).toEqual({
      Variable: "$",
      IsPresent: true,
      Next: "Done",
    });
    const caught = connect(flow, {
      from: "/States/Wait",
      edge: { kind: "catch", index: 0 },
      to: "/States/Done",
    });
    expect(caught).toBe(flow);
    const task = connect(containers, {
      from: "/States/P",
      edge: { kind: "catch", index: 0 },
      to: "/States/M",
    });
    expect(stateAt(task, "/States/P").Catch).toEqual([{ ErrorEquals: ["States.ALL"], Next: "M" }]);
  });

  it("sets StartAt for a start edge and End for an end edge", () => {
    expect(connect(flow, { from: "", edge: { kind: "start" }, to: "/States/Wait" }).StartAt).toBe(
      "Wait",
    );
    const ended = connect(flow, { from: "/States/Wait", edge: { kind: "end" } });
    expect(stateAt(ended, "/States/Wait")).toEqual({ Type: "Wait", Seconds: 5, End: true });
    const inBranch = connect(containers, {
      from: BRANCH_0,
      edge: { kind: "start" },
      to: `${BRANCH_0}/States/B`,
    });
    expect((stateAt(inBranch, "/States/P").Branches as { StartAt: string }[])[0].StartAt).toBe("B");
  });

  it("refuses a target in another level, a missing one, or an edge the state cannot have", () => {
    const across = {
      from: `${BRANCH_0}/States/A`,
      edge: { kind: "next" },
      to: `${BRANCH_1}/States/C`,
    } as const;
    expect(connect(containers, across)).toBe(containers);
    expect(canConnect(containers, across)).toBe(false);
    expect(
      connect(containers, {
        from: "/States/P",
        edge: { kind: "next" },
        to: `${BRANCH_0}/States/A`,
      }),
    ).toBe(containers);
    expect(
      connect(flow, { from: "/States/Wait", edge: { kind: "next" }, to: "/States/Nope" }),
    ).toBe(flow);
    expect(
      connect(flow, { from: "/States/Done", edge: { kind: "next" }, to: "/States/Wait" }),
    ).toBe(flow);
    expect(
      connect(flow, { from: "/States/Wait", edge: { kind: "default" }, to: "/States/Done" }),
    ).toBe(flow);
    expect(connect(flow, { from: "", edge: { kind: "start" }, to: `${BRANCH_0}/States/A` })).toBe(
      flow,
    );
  });

  it("returns the same definition for an edge already there, for every edge toGraph draws", () => {
    for (const def of [flow, containers, frozen(nested)]) {
      for (const edge of toGraph(def).edges) {
        const to = edge.kind === "end" ? undefined : edge.target;
        expect(connect(def, { ...edgeRefOf(edge), to }), edge.id).toBe(def);
      }
    }
  });
});

describe("disconnect", () => {
  it("turns Next into End, drops Default, and removes a rule or Catcher with its edge", () => {
    expect(
      stateAt(disconnect(flow, { from: "/States/Wait", edge: { kind: "next" } }), "/States/Wait"),
    ).toEqual({
      Type: "Wait",
      Seconds: 5,
      End: true,
    });
    expect(
      stateAt(
        disconnect(flow, { from: "/States/Check", edge: { kind: "default" } }),
        "/States/Check",
      ).Default,
    ).toBeUndefined();
    const rule = disconnect(flow, { from: "/States/Check", edge: { kind: "choice", index: 0 } });
    expect(stateAt(rule, "/States/Check").Choices).toEqual([
      (stateAt(flow, "/States/Check").Choices as object[])[1],
    ]);
    const caught = disconnect(flow, { from: "/States/Fetch", edge: { kind: "catch", index: 0 } });
    expect(stateAt(caught, "/States/Fetch").Catch).toBeUndefined();
    expect(disconnect(flow, { from: "/States/Fetch", edge: { kind: "catch", index: 3 } })).toBe(
      flow,
    );
    expect(disconnect(flow, { from: "/States/Done", edge: { kind: "next" } })).toBe(flow);
  });
});

describe("reconnect", () => {
  it("moves the target end like connect", () => {
    const next = reconnect(
      flow,
      { from: "/States/Wait", edge: { kind: "next" } },
      { to: "/States/Broken" },
    );
    expect(stateAt(next, "/States/Wait").Next).toBe("Broken");
  });

  it("moves a Next edge to another source: the old source ends, the new one goes there", () => {
    const next = reconnect(
      flow,
      { from: "/States/Wait", edge: { kind: "next" } },
      { from: "/States/Fetch", to: "/States/Done" },
    );
    expect(stateAt(next, "/States/Fetch").Next).toBe("Done");
    expect(stateAt(next, "/States/Wait").End).toBe(true);
  });

  it("moves a Choice rule, whole, to another Choice", () => {
    const two = frozen({
      StartAt: "A",
      States: {
        A: {
          Type: "Choice",
          Choices: [{ Variable: "$.x", IsNull: true, Next: "Z" }],
          Default: "B",
        },
        B: { Type: "Choice", Choices: [], Default: "Z" },
        Z: { Type: "Succeed" },
      },
    });
    const next = reconnect(
      two,
      { from: "/States/A", edge: { kind: "choice", index: 0 } },
      { from: "/States/B" },
    );
    expect(stateAt(next, "/States/A").Choices).toEqual([]);
    expect(stateAt(next, "/States/B").Choices).toEqual([
      { Variable: "$.x", IsNull: true, Next: "Z" },
    ]);
    expect(
      reconnect(
        two,
        { from: "/States/A", edge: { kind: "choice", index: 0 } },
        { from: "/States/Z" },
      ),
    ).toBe(two);
  });
});

describe("reconnect, keeping the target", () => {
  it("moves Next to a new source and keeps where it went when no target is given", () => {
    const next = reconnect(
      flow,
      { from: "/States/Wait", edge: { kind: "next" } },
      { from: "/States/Fetch" },
    );
    expect(stateAt(next, "/States/Fetch").Next).toBe("Done");
    expect(stateAt(next, "/States/Wait").End).toBe(true);
    const across = reconnect(
      containers,
      { from: "/States/P", edge: { kind: "next" } },
      { from: `${BRANCH_0}/States/A` },
    );
    expect(across).toBe(containers);
  });
});
