import { describe, expect, it } from "vitest";
import { languageAt, MACHINE, setQueryLanguage, updateState } from "../src/asl/edits";
import { BRANCH_0, containers, flow, frozen, stateAt, statesOf } from "./editing";

describe("updateState", () => {
  it("sets fields in place, adds new ones last and removes those set to undefined", () => {
    const next = updateState(flow, "/States/Wait", {
      Seconds: 10,
      Comment: "pause",
      Next: undefined,
    });
    expect(Object.entries(stateAt(next, "/States/Wait"))).toEqual([
      ["Type", "Wait"],
      ["Seconds", 10],
      ["Comment", "pause"],
    ]);
    expect(statesOf(next).Check).toBe(statesOf(flow).Check);
  });

  it("with the same value returns the same definition", () => {
    expect(updateState(flow, "/States/Wait", { Seconds: 5 })).toBe(flow);
    expect(
      updateState(flow, "/States/Fetch", {
        Catch: structuredClone(stateAt(flow, "/States/Fetch").Catch),
      }),
    ).toBe(flow);
    expect(updateState(flow, "/States/Wait", { Missing: undefined })).toBe(flow);
    expect(updateState(flow, "/States/Wait", (state) => ({ ...state }))).toBe(flow);
  });

  it("takes a function of the state, dropping fields it leaves undefined", () => {
    const next = updateState(containers, `${BRANCH_0}/States/A`, (state) => ({
      ...state,
      Result: { n: 1 },
      Next: undefined,
      End: true,
    }));
    expect(stateAt(next, `${BRANCH_0}/States/A`)).toEqual({
      Type: "Pass",
      Result: { n: 1 },
      End: true,
    });
    expect(Object.keys(stateAt(next, `${BRANCH_0}/States/A`))).toEqual(["Type", "Result", "End"]);
  });

  it("returns the same definition for a state that does not exist", () => {
    expect(updateState(flow, "/States/Nope", { Comment: "x" })).toBe(flow);
  });
});

describe("setQueryLanguage", () => {
  it("sets the machine's language before StartAt, and a state's after Type", () => {
    const machine = setQueryLanguage(flow, MACHINE, "JSONata");
    expect(Object.keys(machine)).toEqual(["Comment", "QueryLanguage", "StartAt", "States"]);
    const state = setQueryLanguage(flow, "/States/Wait", "JSONata");
    expect(Object.keys(stateAt(state, "/States/Wait"))).toEqual([
      "Type",
      "QueryLanguage",
      "Seconds",
      "Next",
    ]);
    expect(languageAt(state, "/States/Wait")).toBe("JSONata");
    expect(languageAt(state, "/States/Check")).toBe("JSONPath");
  });

  it("returns the same definition when the language is already set", () => {
    const machine = setQueryLanguage(flow, MACHINE, "JSONata");
    expect(setQueryLanguage(machine, MACHINE, "JSONata")).toBe(machine);
    expect(setQueryLanguage(flow, "/States/Nope", "JSONata")).toBe(flow);
  });

  it("is inherited by nested levels from the enclosing state", () => {
    const next = setQueryLanguage(containers, "/States/P", "JSONata");
    expect(languageAt(next, BRANCH_0)).toBe("JSONata");
    expect(languageAt(next, `${BRANCH_0}/States/A`)).toBe("JSONata");
    expect(languageAt(next, "/States/M/ItemProcessor")).toBe("JSONPath");
    expect(languageAt(frozen({ QueryLanguage: "JSONata", States: {} }), "")).toBe("JSONata");
  });
});
