import { describe, expect, it } from "vitest";
import { dynamicValue, freeFieldName, isApprovalTask } from "../src/asl/approval";
import { sectionsForState, shownFields } from "../src/designer/inspector/layout";
import { unclaimed } from "../src/designer/inspector/model";
import type { Diagnostic } from "../src/designer/types";

const names = (sections: ReturnType<typeof sectionsForState>) =>
  sections.map((s) => ("special" in s ? `[${s.special}]` : s.name));

const diag = (location: string): Diagnostic => ({
  code: "missing_field",
  message: "bad",
  location,
  severity: "error",
});

describe("the inspector of an approval", () => {
  const task = { Type: "Task", Resource: "baton:approval" };

  it("edits Parameters in an Approval section right after the Resource", () => {
    const shown = names(sectionsForState(task, "JSONPath"));
    expect(shown.slice(0, 2)).toEqual(["[resource]", "[approval]"]);
    expect(shown).not.toContain("Parameters");
    expect(shown).toContain("TimeoutSeconds");
    const jsonata = names(sectionsForState(task, "JSONata"));
    expect(jsonata.slice(0, 2)).toEqual(["[resource]", "[approval]"]);
    expect(jsonata).not.toContain("Arguments");
  });

  it("leaves other Tasks as they were", () => {
    const other = names(
      sectionsForState({ Type: "Task", Resource: "baton:function:f" }, "JSONPath"),
    );
    expect(other).toContain("Parameters");
    expect(other).not.toContain("[approval]");
  });

  it("claims the specification's problems, so the header does not repeat them", () => {
    const fields = shownFields("Task", "JSONPath");
    const problems = [diag("/States/A/Parameters/Form/0/name"), diag("/States/A/Bogus")];
    expect(unclaimed(problems, "/States/A", fields).map((d) => d.location)).toEqual([
      "/States/A/Bogus",
    ]);
  });

  it("knows an approval Task by its Resource", () => {
    expect(isApprovalTask(task)).toBe(true);
    expect(isApprovalTask({ Type: "Pass", Resource: "baton:approval" })).toBe(false);
  });

  it("reads paths and JSONata expressions as values known only at run time", () => {
    expect(dynamicValue({ "Title.$": "$.title" }, "Title")).toEqual({
      key: "Title.$",
      text: "$.title",
    });
    expect(dynamicValue({ Groups: "{% $states.input.groups %}" }, "Groups")).toEqual({
      key: "Groups",
      text: "{% $states.input.groups %}",
    });
    expect(dynamicValue({ Title: "Plain" }, "Title")).toBeUndefined();
  });

  it("names a new form field after the count, skipping taken names", () => {
    expect(freeFieldName([])).toBe("field_1");
    expect(freeFieldName([{ name: "field_2" }])).toBe("field_3");
    expect(freeFieldName([{ name: "a" }, { name: "field_3" }])).toBe("field_4");
  });
});
