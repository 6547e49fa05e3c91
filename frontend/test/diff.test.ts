import { describe, expect, it } from "vitest";
import { diffStates } from "../src/asl/diff";
import { nested } from "./definitions";

const before = {
  StartAt: "A",
  States: {
    A: { Type: "Pass", Next: "B" },
    B: { Type: "Wait", Seconds: 5, Next: "Gone" },
    Gone: { Type: "Succeed" },
  },
};

const after = {
  StartAt: "A",
  States: {
    A: { Next: "B", Type: "Pass" },
    B: { Type: "Wait", Seconds: 10, Next: "New" },
    New: { Type: "Succeed" },
  },
};

const marks = (shown: unknown, other: unknown, side: "old" | "new") =>
  Object.fromEntries(diffStates(shown, other, side));

describe("diffStates", () => {
  it("marks states only on the new side as added and changed ones as changed", () => {
    expect(marks(after, before, "new")).toEqual({ "/States/B": "changed", "/States/New": "added" });
  });

  it("marks states only on the old side as removed", () => {
    expect(marks(before, after, "old")).toEqual({
      "/States/B": "changed",
      "/States/Gone": "removed",
    });
  });

  it("ignores key order", () => {
    expect(marks(after, before, "new")["/States/A"]).toBeUndefined();
  });

  it("marks a changed child, not the containers around it", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const changed = structuredClone(nested) as any;
    changed.States.Outer.Branches[0].States.Each.ItemProcessor.States.Inner.Branches[1].States.B.Comment =
      "new";
    expect(marks(changed, nested, "new")).toEqual({
      "/States/Outer/Branches/0/States/Each/ItemProcessor/States/Inner/Branches/1/States/B":
        "changed",
    });
  });

  it("marks a container whose own fields changed", () => {
    const changed = structuredClone(nested) as typeof nested;
    (changed.States.Outer as Record<string, unknown>).ResultPath = "$.out";
    expect(marks(changed, nested, "new")).toEqual({ "/States/Outer": "changed" });
  });

  it("treats a malformed other side as having no states", () => {
    expect(marks(before, "nope", "old")).toEqual({
      "/States/A": "removed",
      "/States/B": "removed",
      "/States/Gone": "removed",
    });
  });
});
