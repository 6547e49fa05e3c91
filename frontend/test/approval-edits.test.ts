import { describe, expect, it } from "vitest";
import {
  addFormField,
  addState,
  moveFormField,
  removeFormField,
  setApprovalValue,
  setFormFieldType,
  type Definition,
} from "../src/asl/edits";
import { paletteSpec, placeState } from "../src/designer/drop";
import { toGraph } from "../src/asl/graph";
import { frozen, stateAt } from "./editing";

const A = "/States/Approve";

const approval = (parameters: object, extra: object = {}): Definition =>
  frozen({
    StartAt: "Approve",
    States: {
      Approve: { Type: "Task", Resource: "baton:approval", Parameters: parameters, End: true },
    },
    ...extra,
  });

const spec = (def: Definition, key = "Parameters") => stateAt(def, A)[key];

const STARTER = {
  Title: "Approve Task",
  Groups: ["approvers"],
  Form: [{ name: "comment", type: "textarea", label: "Comment" }],
};

describe("the Approval template", () => {
  it("adds a baton:approval Task asking the approvers group, titled after the state", () => {
    const def = frozen({ StartAt: "A", States: { A: { Type: "Pass", End: true } } });
    const added = addState(def, { level: "", type: "Task", template: "approval" });
    expect(stateAt(added, "/States/Task")).toEqual({
      Type: "Task",
      Resource: "baton:approval",
      Parameters: STARTER,
      End: true,
    });
    const named = addState(def, { level: "", type: "Task", template: "approval", name: "Sign" });
    expect(stateAt(named, "/States/Sign").Parameters).toMatchObject({ Title: "Approve Sign" });
  });

  it("writes the same under Arguments in a JSONata machine", () => {
    const def = frozen({
      QueryLanguage: "JSONata",
      StartAt: "A",
      States: { A: { Type: "Pass", End: true } },
    });
    const state = stateAt(
      addState(def, { level: "", type: "Task", template: "approval" }),
      "/States/Task",
    );
    expect(state.Parameters).toBeUndefined();
    expect(state.Arguments).toEqual(STARTER);
  });

  it("is the palette's template:approval, placed after the selected state", () => {
    const def = frozen({ StartAt: "A", States: { A: { Type: "Pass", End: true } } });
    const spec = paletteSpec("template:approval");
    expect(spec).toEqual({ type: "Task", template: "approval" });
    const placed = placeState(def, toGraph(def), spec!, { kind: "node", id: "/States/A" });
    expect(placed?.pointer).toBe("/States/Task");
    expect(stateAt(placed!.definition, "/States/A")).toEqual({ Type: "Pass", Next: "Task" });
  });

  it("draws as a Task summarised as an approval", () => {
    const node = toGraph(approval(STARTER)).nodes.find((n) => n.id === A);
    expect(node).toMatchObject({ type: "Task", summary: "approval" });
  });
});

describe("setApprovalValue", () => {
  it("sets each top-level field and removes it when emptied, never writing an empty string", () => {
    let def = approval({ Groups: ["approvers"] });
    const fields: [string, unknown][] = [
      ["Title", "Expense"],
      ["Description", "**Check** the receipt"],
      ["Assignees", ["bob", "dave"]],
      ["RequiredApprovals", 2],
      ["AllowSelfApproval", true],
      ["Priority", "high"],
      ["DueSeconds", 3600],
      ["OnTimeout", "Reject"],
    ];
    for (const [field, value] of fields) def = setApprovalValue(def, A, [field], value);
    expect(spec(def)).toEqual({
      Groups: ["approvers"],
      ...Object.fromEntries(fields),
    });
    for (const [field] of fields)
      def = setApprovalValue(def, A, [field], field === "Assignees" ? [] : "");
    expect(spec(def)).toEqual({ Groups: ["approvers"] });
    // The specification itself stays, even emptied: the server asks for it.
    expect(spec(setApprovalValue(def, A, ["Groups"], undefined))).toEqual({});
  });

  it("builds Reminder and Escalation as their fields are given, and drops them once empty", () => {
    let def = approval({ Groups: ["approvers"] });
    def = setApprovalValue(def, A, ["Reminder", "AfterSeconds"], 60);
    def = setApprovalValue(def, A, ["Reminder", "EverySeconds"], 30);
    def = setApprovalValue(def, A, ["Escalation", "AfterSeconds"], 600);
    def = setApprovalValue(def, A, ["Escalation", "To", "Groups"], ["managers"]);
    expect(spec(def)).toEqual({
      Groups: ["approvers"],
      Reminder: { AfterSeconds: 60, EverySeconds: 30 },
      Escalation: { AfterSeconds: 600, To: { Groups: ["managers"] } },
    });
    def = setApprovalValue(def, A, ["Escalation", "To", "Groups"], []);
    expect(spec(def)).toMatchObject({ Escalation: { AfterSeconds: 600 } });
    def = setApprovalValue(def, A, ["Escalation", "AfterSeconds"], undefined);
    def = setApprovalValue(def, A, ["Reminder", "AfterSeconds"], undefined);
    def = setApprovalValue(def, A, ["Reminder", "EverySeconds"], undefined);
    expect(spec(def)).toEqual({ Groups: ["approvers"] });
  });

  it("replaces a path given for a field and keeps the field's place", () => {
    const def = approval({ "Title.$": "$.title", Groups: ["approvers"] });
    expect(spec(setApprovalValue(def, A, ["Title"], "Fixed"))).toEqual({
      Groups: ["approvers"],
      Title: "Fixed",
    });
  });

  it("edits Arguments under JSONata and leaves an expression specification alone", () => {
    const jsonata = frozen({
      QueryLanguage: "JSONata",
      StartAt: "Approve",
      States: { Approve: { Type: "Task", Resource: "baton:approval", Arguments: {}, End: true } },
    });
    const titled = setApprovalValue(jsonata, A, ["Title"], "{% 'Pay ' & $states.input.who %}");
    expect(spec(titled, "Arguments")).toEqual({ Title: "{% 'Pay ' & $states.input.who %}" });
    const expression = frozen({
      ...jsonata,
      States: { Approve: { ...jsonata.States!.Approve, Arguments: "{% $states.input.spec %}" } },
    } as Definition);
    expect(setApprovalValue(expression, A, ["Title"], "x")).toBe(expression);
  });

  it("creates the specification when missing, and returns the same definition for a no-op", () => {
    const bare = frozen({
      StartAt: "Approve",
      States: { Approve: { Type: "Task", Resource: "baton:approval", End: true } },
    });
    expect(spec(setApprovalValue(bare, A, ["Groups"], ["ops"]))).toEqual({ Groups: ["ops"] });
    const def = approval({ Title: "Same" });
    expect(setApprovalValue(def, A, ["Title"], "Same")).toBe(def);
  });

  it("ignores a state that is not an approval", () => {
    const def = frozen({
      StartAt: "T",
      States: { T: { Type: "Task", Resource: "baton:function:f", End: true } },
    });
    expect(setApprovalValue(def, "/States/T", ["Title"], "x")).toBe(def);
  });
});

describe("form fields", () => {
  const form = (def: Definition) => (spec(def) as { Form?: unknown[] }).Form;

  it("are added with a free name and type text, and the Form goes when the last is removed", () => {
    let def = approval({ Groups: ["g"] });
    def = addFormField(def, A);
    def = addFormField(def, A);
    expect(form(def)).toEqual([
      { name: "field_1", type: "text" },
      { name: "field_2", type: "text" },
    ]);
    def = removeFormField(def, A, 0);
    expect(form(def)).toEqual([{ name: "field_2", type: "text" }]);
    def = removeFormField(def, A, 0);
    expect(spec(def)).toEqual({ Groups: ["g"] });
  });

  it("move up and down, and not past either end", () => {
    const def = approval({ Form: [{ name: "a" }, { name: "b" }, { name: "c" }] });
    const names = (next: Definition) => form(next)!.map((f) => (f as { name: string }).name);
    expect(names(moveFormField(def, A, 0, 1))).toEqual(["b", "a", "c"]);
    expect(names(moveFormField(def, A, 2, -1))).toEqual(["a", "c", "b"]);
    expect(moveFormField(def, A, 0, -1)).toBe(def);
    expect(moveFormField(def, A, 2, 1)).toBe(def);
  });

  it("set their name, label, required, choices and bounds; emptied ones are removed", () => {
    let def = approval({ Form: [{ name: "amount", type: "number" }] });
    def = setApprovalValue(def, A, ["Form", 0, "label"], "Amount");
    def = setApprovalValue(def, A, ["Form", 0, "required"], true);
    def = setApprovalValue(def, A, ["Form", 0, "min"], 0);
    def = setApprovalValue(def, A, ["Form", 0, "max"], 500);
    expect(form(def)).toEqual([
      { name: "amount", type: "number", label: "Amount", required: true, min: 0, max: 500 },
    ]);
    def = setApprovalValue(def, A, ["Form", 0, "name"], "");
    def = setApprovalValue(def, A, ["Form", 0, "label"], undefined);
    expect(form(def)).toEqual([{ type: "number", required: true, min: 0, max: 500 }]);
  });

  it("change type dropping what the new type does not take", () => {
    const def = approval({
      Form: [{ name: "n", type: "number", min: 1, max: 9, default: 3 }],
    });
    const choice = setFormFieldType(def, A, 0, "choice");
    expect(form(choice)).toEqual([{ name: "n", type: "choice" }]);
    const withChoices = setApprovalValue(choice, A, ["Form", 0, "choices"], ["yes", "no"]);
    expect(form(setFormFieldType(withChoices, A, 0, "text"))).toEqual([
      { name: "n", type: "text" },
    ]);
    expect(form(setFormFieldType(def, A, 0, "date"))).toEqual([
      { name: "n", type: "date", min: 1, max: 9 },
    ]);
    expect(setFormFieldType(def, A, 0, "number")).toBe(def);
  });

  it("are left alone when the Form is a path", () => {
    const def = approval({ "Form.$": "$.form" });
    expect(addFormField(def, A)).toBe(def);
  });
});
