import { describe, expect, it } from "vitest";
import { checkName, renameState } from "../src/asl/edits";
import type { Definition } from "../src/asl/edits";
import { BRANCH_0, containers, flow, namesOf, stateAt, statesOf } from "./editing";

function renamed(def: Definition, pointer: string, name: string): Definition {
  const result = renameState(def, pointer, name);
  if (!result.ok) throw new Error(result.error.message);
  return result.definition;
}

describe("renameState", () => {
  it("updates Next, Default, nested Choice rules and Catch in the same level", () => {
    const next = renamed(flow, "/States/Broken", "Failed");
    expect(stateAt(next, "/States/Fetch").Catch).toMatchObject([{ Next: "Failed" }]);
    const check = stateAt(next, "/States/Check");
    expect(check.Default).toBe("Failed");
    expect(check.Choices).toEqual([
      { Variable: "$.ok", BooleanEquals: true, Next: "Wait" },
      {
        And: [
          { Variable: "$.a", IsPresent: true },
          { Not: { Variable: "$.b", StringEquals: "Wait" } },
        ],
        Next: "Failed",
      },
    ]);
    expect(renamed(flow, "/States/Wait", "Pause")).toMatchObject({
      States: {
        Check: { Choices: [{ Next: "Pause" }, { Next: "Broken" }] },
        Pause: { Next: "Done" },
      },
    });
  });

  it("leaves rules nested in And / Or / Not alone: ASL gives them no Next, only data", () => {
    const next = renamed(flow, "/States/Wait", "Pause");
    const and = (stateAt(next, "/States/Check").Choices as { And: unknown }[])[1].And;
    expect(and).toBe((stateAt(flow, "/States/Check").Choices as { And: unknown }[])[1].And);
  });

  it("updates StartAt and keeps the key's place", () => {
    const next = renamed(flow, "/States/Fetch", "Load");
    expect(next.StartAt).toBe("Load");
    expect(namesOf(next)).toEqual(["Load", "Check", "Wait", "Done", "Broken"]);
    expect(stateAt(next, "/States/Load")).toBe(stateAt(flow, "/States/Fetch"));
  });

  it("renames inside a branch, touching only that branch", () => {
    const next = renamed(containers, `${BRANCH_0}/States/B`, "Second");
    expect((stateAt(next, "/States/P").Branches as object[])[0]).toEqual({
      StartAt: "A",
      States: { A: { Type: "Pass", Next: "Second" }, Second: { Type: "Pass", End: true } },
    });
    expect(statesOf(next).M).toBe(statesOf(containers).M);
  });

  it("refuses a name taken anywhere in the machine, without throwing", () => {
    const result = renameState(containers, "/States/M", "C");
    expect(result).toEqual({
      ok: false,
      error: { problem: "taken", message: 'Another state is already named "C".' },
    });
    expect(renameState(flow, "/States/Wait", "Done")).toMatchObject({
      ok: false,
      error: { problem: "taken" },
    });
  });

  it("refuses an empty name and one over 80 Unicode characters (code points)", () => {
    expect(renameState(flow, "/States/Wait", "")).toMatchObject({
      ok: false,
      error: { problem: "empty" },
    });
    expect(renameState(flow, "/States/Wait", "w".repeat(81))).toMatchObject({
      ok: false,
      error: { problem: "too-long" },
    });
    expect(renameState(flow, "/States/Wait", "🙂".repeat(80)).ok).toBe(true);
    expect(checkName(flow, "🙂".repeat(81))?.problem).toBe("too-long");
    expect(renameState(flow, "/States/Nope", "X")).toMatchObject({
      ok: false,
      error: { problem: "missing-state" },
    });
  });

  it("returns the same definition for the same name", () => {
    expect(renameState(flow, "/States/Wait", "Wait")).toEqual({ ok: true, definition: flow });
    const same = renameState(flow, "/States/Wait", "Wait");
    expect(same.ok && same.definition).toBe(flow);
  });

  it("accepts names with / and ~ and keeps their pointers escaped", () => {
    const next = renamed(flow, "/States/Wait", "a/b~c");
    expect(stateAt(next, "/States/a~1b~0c").Next).toBe("Done");
  });
});
