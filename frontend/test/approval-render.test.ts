/**
 * The Approval section drawn to static HTML: its inputs by name, values given as paths or
 * expressions read-only, and each server diagnostic next to the field it is about.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Definition } from "../src/asl/edits";
import { Inspector, type InspectorProps } from "../src/designer/inspector/Inspector";
import type { Diagnostic } from "../src/designer/types";
import { deepFreeze } from "./editing";

const machine = (state: object, extra: object = {}): Definition =>
  deepFreeze({ StartAt: "Approve", States: { Approve: state }, ...extra });

const APPROVE = {
  Type: "Task",
  Resource: "baton:approval",
  Parameters: {
    "Title.$": "$.title",
    Groups: ["approvers"],
    Reminder: { AfterSeconds: 60 },
    Form: [
      { type: "number", min: 1 },
      { name: "kind", type: "choice", choices: ["a", "b"], default: "z" },
    ],
  },
  End: true,
};

function render(definition: Definition, diagnostics: Diagnostic[] = []): string {
  const props: InspectorProps = {
    definition,
    pointer: "/States/Approve",
    readOnly: false,
    diagnostics,
    functions: [],
    connections: [],
    workflows: [],
    onEdit: () => {
      throw new Error("drawing edits nothing");
    },
    onSelect: () => undefined,
  };
  return renderToStaticMarkup(createElement(Inspector, props));
}

const error = (location: string, message: string): Diagnostic => ({
  code: "x",
  message,
  location,
  severity: "error",
});

/** The HTML of the element carrying `attribute` up to the next sibling item. */
function itemHtml(html: string, attribute: string): string {
  const start = html.indexOf(attribute);
  const end = html.indexOf("data-form-field", start + attribute.length);
  return html.slice(start, end < 0 ? undefined : end);
}

describe("the Approval section", () => {
  it("has an input for each field of the specification, named after it", () => {
    const html = render(machine(APPROVE));
    for (const name of [
      "Title",
      "Description",
      "Assignees",
      "Groups",
      "RequiredApprovals",
      "AllowSelfApproval",
      "Priority",
      "DueSeconds",
      "OnTimeout",
      "Reminder.AfterSeconds",
      "Reminder.EverySeconds",
      "Reminder.MaxCount",
      "Escalation.AfterSeconds",
      "Escalation.To.Users",
      "Escalation.To.Groups",
    ]) {
      expect(html).toContain(`name="${name}"`);
    }
    expect(html).toContain('data-testid="approval-editor"');
    expect(html).toContain('value="approvers"');
  });

  it("shows a path read-only with a note to edit it as JSON", () => {
    const html = render(machine(APPROVE));
    expect(html).toMatch(
      /<input[^>]*readOnly=""[^>]*data-dynamic="true" name="Title" value="\$\.title"/,
    );
    expect(html).toContain("Given as a path (Title.$)");
  });

  it("shows choices for a choice field and bounds for a number", () => {
    const html = render(machine(APPROVE));
    const first = itemHtml(html, 'data-form-field="0"');
    expect(first).toContain('name="min"');
    expect(first).not.toContain('name="choices"');
    const second = itemHtml(html, 'data-form-field="1"');
    expect(second).toContain('name="choices"');
    expect(second).toContain('value="a, b"');
    expect(second).not.toContain('name="min"');
  });

  it("puts a form field's problem next to that field, and others on the item", () => {
    const html = render(machine(APPROVE), [
      error("/States/Approve/Parameters/Form/0/name", "'Form[0].name' is required"),
      error("/States/Approve/Parameters/Form/1/default", "not one of the choices"),
      error("/States/Approve/Parameters/Bogus", "'Bogus' is not a field"),
    ]);
    const first = itemHtml(html, 'data-form-field="0"');
    expect(first).toMatch(
      /name="name" value="" aria-invalid="true"|aria-invalid="true"[^>]*name="name"/,
    );
    expect(first).toContain("&#x27;Form[0].name&#x27; is required");
    expect(itemHtml(html, 'data-form-field="1"')).toContain("not one of the choices");
    const section = html.slice(html.indexOf('data-testid="approval-editor"'));
    expect(section.indexOf("is not a field")).toBeLessThan(section.indexOf('name="Title"'));
    // Once each: the header and the JSON field do not repeat them
    expect(html.split("is required").length - 1).toBe(1);
    expect(html.split("is not a field").length - 1).toBe(1);
  });

  it("puts an escalation without a target in the Escalation group", () => {
    const state = { ...APPROVE, Parameters: { Groups: ["g"], Escalation: { AfterSeconds: 5 } } };
    const html = render(machine(state), [
      error("/States/Approve/Parameters/Escalation/To", "needs 'To'"),
    ]);
    const group = html.slice(html.indexOf('data-group="Escalation"'));
    expect(group.indexOf("needs")).toBeGreaterThan(0);
    expect(group.indexOf("needs")).toBeLessThan(group.indexOf('name="Escalation.AfterSeconds"'));
  });

  it("edits Arguments under JSONata, and an expression only as JSON", () => {
    const jsonata = { ...APPROVE, Parameters: undefined, Arguments: { Title: "{% $t %}" } };
    const html = render(machine(jsonata, { QueryLanguage: "JSONata" }));
    expect(html).toContain("Given as a JSONata expression");
    expect(html).toContain("Arguments as JSON");
    const whole = { ...APPROVE, Parameters: undefined, Arguments: "{% $states.input %}" };
    const expression = render(machine(whole, { QueryLanguage: "JSONata" }));
    expect(expression).toContain("Arguments is an expression");
    expect(expression).not.toContain('name="Title"');
  });
});
