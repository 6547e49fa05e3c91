import { describe, expect, it } from "vitest";
import { sectionsFor, shownFields } from "../src/designer/inspector/layout";
import {
  connectionArn,
  diagnosticsUnder,
  moveAt,
  nameSuggestions,
  parseJsonText,
  parseNameList,
  parseNumberText,
  replaceKey,
  setIn,
  setMachineField,
  stateMachineArn,
  unclaimed,
  workflowOfArn,
} from "../src/designer/inspector/model";
import type { Diagnostic } from "../src/designer/types";
import { deepFreeze } from "./editing";

const diag = (location: string, message = "bad"): Diagnostic => ({
  code: "x",
  message,
  location,
  severity: "error",
});

describe("JSON fields", () => {
  it("apply parsed JSON, remove the field when emptied, and say where text is not JSON", () => {
    expect(parseJsonText('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonText("  ")).toEqual({ ok: true, value: undefined });
    const broken = parseJsonText('{\n  "a": 1,\n}');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.message).toBe("Not JSON: line 3, column 1");
    expect(parseJsonText('{"a": ')).toEqual({ ok: false, message: "Not JSON: it ends too early" });
  });

  it("keep a JSONata expression as a string where one is allowed", () => {
    expect(parseJsonText("{% $states.input %}", true)).toEqual({
      ok: true,
      value: "{% $states.input %}",
    });
    expect(parseJsonText("{% $states.input %}").ok).toBe(false);
  });
});

describe("number fields", () => {
  it("turn typed numbers into numbers and refuse words", () => {
    expect(parseNumberText("30")).toEqual({ ok: true, value: 30 });
    expect(parseNumberText("1.5")).toEqual({ ok: true, value: 1.5 });
    expect(parseNumberText("")).toEqual({ ok: true, value: undefined });
    expect(parseNumberText("soon").ok).toBe(false);
    expect(parseNumberText("{% $x %}", true)).toEqual({ ok: true, value: "{% $x %}" });
  });
});

describe("error name lists", () => {
  it("split on commas, trimmed, without blanks", () => {
    expect(parseNameList(" States.ALL, ,States.Timeout ,")).toEqual([
      "States.ALL",
      "States.Timeout",
    ]);
  });

  it("suggest completing the last name with an error not yet listed", () => {
    const options = nameSuggestions("States.ALL, States.T");
    expect(options).toContain("States.ALL, States.Timeout");
    expect(options).not.toContain("States.ALL, States.ALL");
  });
});

describe("diagnostics", () => {
  const all = [
    diag("/States/A/Retry/0/MaxAttempts"),
    diag("/States/A"),
    diag("/States/A/Bogus"),
    diag("/States/AB/Next"),
    diag("/States/P/Branches/0/States/X/Next"),
    diag("/States/P/Branches/0/StartAt"),
  ];

  it("belong to a state by pointer, not by name prefix", () => {
    expect(diagnosticsUnder(all, "/States/A").map((d) => d.location)).toEqual([
      "/States/A/Retry/0/MaxAttempts",
      "/States/A",
      "/States/A/Bogus",
    ]);
  });

  it("that no field shows are listed on the state; a nested state's are not", () => {
    const fields = shownFields("Task", "JSONPath");
    expect(unclaimed(all, "/States/A", fields).map((d) => d.location)).toEqual([
      "/States/A",
      "/States/A/Bogus",
    ]);
    const parallel = shownFields("Parallel", "JSONPath");
    expect(unclaimed(all, "/States/P", parallel)).toEqual([]);
  });
});

describe("the field table", () => {
  it("shows Parameters under JSONPath and Arguments under JSONata for a Task", () => {
    const names = (language: "JSONPath" | "JSONata") =>
      sectionsFor("Task", language).flatMap((s) => ("name" in s ? [s.name] : []));
    expect(names("JSONPath")).toContain("Parameters");
    expect(names("JSONPath")).not.toContain("Arguments");
    expect(names("JSONata")).toContain("Arguments");
    expect(names("JSONata")).not.toContain("InputPath");
  });

  it("gives Choice, Succeed and Fail no Next", () => {
    for (const type of ["Choice", "Succeed", "Fail"]) {
      expect(shownFields(type, "JSONPath")).not.toContain("Next");
    }
    expect(shownFields("Pass", "JSONata")).toContain("Next");
  });
});

describe("pickers", () => {
  it("write a workflow's ARN in the region and account already there", () => {
    const current = "arn:aws:states:eu-west-1:123456789012:stateMachine:old";
    expect(stateMachineArn("billing", current)).toBe(
      "arn:aws:states:eu-west-1:123456789012:stateMachine:billing",
    );
    expect(stateMachineArn("billing")).toBe(
      "arn:aws:states:us-east-1:000000000000:stateMachine:billing",
    );
    expect(workflowOfArn(`${current}:prod`)).toBe("old");
  });

  it("use a connection's own ARN, or build one in the current region and account", () => {
    expect(connectionArn({ name: "crm", arn: "arn:aws:events:x:y:connection/crm/abc" })).toBe(
      "arn:aws:events:x:y:connection/crm/abc",
    );
    expect(connectionArn({ name: "crm" }, "arn:aws:events:eu-west-1:42:connection/old")).toBe(
      "arn:aws:events:eu-west-1:42:connection/crm",
    );
  });

  it("set nested values without touching the original", () => {
    const args = deepFreeze({ ApiEndpoint: "https://x", Authentication: { ConnectionArn: "a" } });
    expect(setIn(args, ["Authentication", "ConnectionArn"], "b")).toEqual({
      ApiEndpoint: "https://x",
      Authentication: { ConnectionArn: "b" },
    });
    expect(setIn(undefined, ["StateMachineArn"], "m")).toEqual({ StateMachineArn: "m" });
  });
});

describe("small edits", () => {
  it("move list items within bounds only", () => {
    const list = deepFreeze(["a", "b", "c"]);
    expect(moveAt(list, 0, 1)).toEqual(["b", "a", "c"]);
    expect(moveAt(list, 0, -1)).toBe(list);
    expect(moveAt(list, 2, 1)).toBe(list);
  });

  it("switch a Wait's field in place", () => {
    const wait = deepFreeze({ Type: "Wait", Seconds: 5, Next: "X" });
    expect(Object.keys(replaceKey(wait, "Seconds", "SecondsPath", "$.s"))).toEqual([
      "Type",
      "SecondsPath",
      "Next",
    ]);
  });

  it("set the machine's fields: a new Comment first, cleared ones removed, same value no change", () => {
    const def = deepFreeze({ StartAt: "A", States: { A: { Type: "Succeed" } } });
    expect(Object.keys(setMachineField(def, "Comment", "hi"))).toEqual([
      "Comment",
      "StartAt",
      "States",
    ]);
    const timed = setMachineField(def, "TimeoutSeconds", 60);
    expect(timed.TimeoutSeconds).toBe(60);
    expect(setMachineField(timed, "TimeoutSeconds", 60)).toBe(timed);
    expect(setMachineField(timed, "TimeoutSeconds", undefined)).toEqual(def);
    expect(setMachineField(def, "Version", undefined)).toBe(def);
  });
});
